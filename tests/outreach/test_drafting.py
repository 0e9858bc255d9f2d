from coffeechat.outreach.checks import check_message
from coffeechat.outreach.drafting import DEFAULTS, Template, fill


def test_placeholders_are_filled_and_missing_ones_stay_visible() -> None:
    filled = fill(
        Template("Hi {first_name}", "{first_name} at {organization}, {nope}"),
        {"first_name": "Ana", "organization": ""},
    )
    assert filled == Template("Hi Ana", "Ana at [organization], [nope]")


def test_a_stray_brace_in_a_users_template_does_not_break_drafting() -> None:
    broken = Template("Hi {", "Body {0} }")
    assert fill(broken, {}) == broken


def test_the_default_requests_pass_their_own_checks() -> None:
    values = {
        "first_name": "Ana",
        "title": "UX Researcher",
        "organization": "Acme Health",
        "exploration": "UX research in health care",
        "introducer": "Maria Lopez",
        "introducer_first_name": "Maria",
        "pitch": "I am a nurse of ten years moving into research.",
        "signature": "Sam",
        "my_first_name": "Sam",
        "target_name": "Dev Patel",
        "target_first_name": "Dev",
        "target_title": "Designer",
        "target_organization": "Hooli",
        "target_described": "Dev Patel (Designer at Hooli)",
        "your_work": "your work as UX Researcher at Acme Health",
        "your_path": "your path to UX Researcher at Acme Health",
    }
    for kind in ("direct_request", "referred_request"):
        draft = fill(DEFAULTS[kind], values)
        assert check_message(kind, draft.subject, draft.body) == [], kind
