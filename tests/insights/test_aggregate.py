from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coffeechat.insights.aggregate import (
    KIND_ORDER,
    THEME_KINDS,
    Conversation,
    Curation,
    compare,
    rate,
    recurring,
    tree,
    weekly,
)


def talk(meeting_id: int, exploration_id: int = 1, **fields: object) -> Conversation:
    return Conversation(meeting_id, exploration_id, f"Person {meeting_id}", date(2026, 11, 2), **fields)  # type: ignore[arg-type]


def test_what_keeps_coming_up_counts_conversations_not_mentions() -> None:
    talks = [
        talk(1, answers={"skills": ["SQL, storytelling"], "reading": ["NN/g newsletter"]}),
        talk(2, answers={"skills": ["sql and statistics"]}, skills_to_build="Storytelling"),
        talk(3, answers={"groups": ["UXPA"]}, notes="Acme Health is hiring researchers; Acme Health again"),
    ]
    found = recurring(talks, organizations={"acme health": "Acme Health"})
    counts = {(r.kind, r.key): r.count for r in found}
    assert counts[("skills", "sql")] == 2 and counts[("skills", "storytelling")] == 2
    assert counts[("reading", "nng newsletter")] == 1 and counts[("groups", "uxpa")] == 1
    assert counts[("organizations", "acme health")] == 1
    assert found[0].count == 2


def test_the_user_can_rename_and_merge_items() -> None:
    talks = [talk(1, answers={"skills": ["SQL"]}), talk(2, answers={"skills": ["databases"]})]
    curation = Curation(
        labels={("skills", "sql"): "SQL and databases"}, merged={("skills", "databases"): "sql"}
    )
    assert [(r.label, r.meetings) for r in recurring(talks, curation=curation)] == [
        ("SQL and databases", [1, 2])
    ]


def test_a_term_is_one_kind_however_it_came_up() -> None:
    talks = [
        talk(1, answers={"skills": ["Figma (prototypes); SQL"]}, notes="Figma is hiring at Mercy Health"),
        talk(2, answers={"groups": ["UXPA; HIMSS"]}, notes="Met her at UXPA. She prefers Figma."),
        talk(3, notes="Mercy Health and Figma again"),
    ]
    names = {"figma": "Figma", "uxpa": "UXPA", "mercy health": "Mercy Health"}
    found = {r.key: r for r in recurring(talks, organizations=names)}
    # An answer says what the term was (Figma answered a skills question: a tool); the name
    # spotted in notes only counts the conversations it came up in.
    assert (found["figma"].kind, found["figma"].meetings) == ("skills", [1, 2, 3])
    assert (found["uxpa"].kind, found["uxpa"].meetings) == ("groups", [2])
    assert (found["mercy health"].kind, found["mercy health"].meetings) == ("organizations", [1, 3])


def test_confirmed_items_come_first_as_the_kind_confirmed() -> None:
    talks = [
        talk(1, answers={"skills": ["Figma, SQL"]}, notes="Figma"),
        talk(2, answers={"skills": ["SQL, statistics"]}),
        talk(3, answers={"skills": ["sql"], "education": ["Statistics"]}),
    ]
    curation = Curation(confirmed=frozenset({("organizations", "figma"), ("training", "statistics")}))
    found = recurring(talks, organizations={"figma": "Figma"}, curation=curation)
    assert [(r.label, r.kind, r.confirmed) for r in found] == [
        ("Statistics", "training", True),
        ("Figma", "organizations", True),
        ("SQL", "skills", False),
    ]


terms = st.sampled_from(["SQL", "Figma", "UXPA", "statistics", "Mercy Health", "Dana Cho"])
conversations = st.lists(
    st.tuples(st.sampled_from(["skills", "education", "reading", "groups"]), terms, st.booleans()),
    max_size=12,
)


@given(conversations, st.sets(st.tuples(st.sampled_from(KIND_ORDER), terms.map(str.lower)), max_size=4))
def test_each_term_has_one_kind_and_confirmed_ones_lead(
    mentions: list[tuple[str, str, bool]], confirmed: set[tuple[str, str]]
) -> None:
    talks = [
        talk(n, answers={theme: [term]}, notes=term if in_notes else "")
        for n, (theme, term, in_notes) in enumerate(mentions)
    ]
    names = {"figma": "Figma", "mercy health": "Mercy Health", "uxpa": "UXPA"}
    found = recurring(talks, names, {"dana cho": "Dana Cho"}, Curation(confirmed=frozenset(confirmed)))
    assert len({r.key for r in found}) == len(found)
    flags = [r.confirmed for r in found]
    assert flags == sorted(flags, reverse=True)
    for r in found:
        assert r.kind in KIND_ORDER and r.count == len(set(r.meetings))
        chosen = {kind for kind, key in confirmed if key == r.key}
        assert r.confirmed == bool(chosen) and (not chosen or r.kind in chosen)
        answered = {THEME_KINDS[theme] for theme, term, _ in mentions if term.lower() == r.key}
        assert chosen or r.kind in answered


def test_explorations_compare_side_by_side() -> None:
    talks = [
        talk(
            1, fit=4, pursue="yes", appealed="Patients", entry="certificate", answers={"skills": ["Triage"]}
        ),
        talk(
            2,
            fit=2,
            pursue="no",
            not_appealing="Night shifts",
            entry="certificate",
            answers={"culture": ["Small teams move fast"], "skills": ["triage; charting"]},
        ),
        talk(3, exploration_id=2, fit=5, pursue="yes"),
    ]
    nursing, design = compare(
        {
            1: "Nursing",
            2: "Design",
        },
        talks,
        {1: "Ask Kim"},
        Curation(confirmed=frozenset({("skills", "charting")})),
    )
    assert (nursing.conversations, nursing.average_fit, nursing.pursue) == (2, 3.0, {"yes": 1, "no": 1})
    assert nursing.entry == {"certificate": 2} and nursing.culture == ["Small teams move fast"]
    assert nursing.next_step == "Ask Kim" and design.average_fit == 5.0
    assert (nursing.skills, nursing.unconfirmed_skills) == (["charting"], ["Triage"])


def test_weekly_activity_rates_and_the_referral_tree() -> None:
    weeks = weekly([date(2026, 11, 2), date(2026, 11, 4)], [date(2026, 11, 10)], 3, date(2026, 11, 12))
    assert [(w.week, w.messages, w.meetings) for w in weeks] == [
        (date(2026, 10, 26), 0, 0),
        (date(2026, 11, 2), 2, 0),
        (date(2026, 11, 9), 0, 1),
    ]
    assert rate(1, 3) == 33 and rate(0, 0) is None
    assert (
        tree([(1, 2), (2, 3), (1, 4), (3, 1)], {1: "Ana", 2: "Bo", 3: "Cy", 4: "Di"}) == []
    )  # a cycle has no root
    assert tree([(1, 2), (2, 3), (1, 4)], {1: "Ana", 2: "Bo", 3: "Cy", 4: "Di"}) == [
        {
            "id": 1,
            "name": "Ana",
            "children": [
                {"id": 2, "name": "Bo", "children": [{"id": 3, "name": "Cy", "children": []}]},
                {"id": 4, "name": "Di", "children": []},
            ],
        }
    ]


def test_items_kept_between_calls_follow_every_change() -> None:
    """Insights keep what they worked out between visits: any changed text, name or curation
    gives the items of the new text, never those kept from before."""
    talk = Conversation(1, None, "Ana", date(2026, 1, 5), answers={"skills": ["SQL"]})
    assert [r.label for r in recurring([talk])] == ["SQL"]
    talk.answers["skills"] = ["Python"]
    assert [r.label for r in recurring([talk])] == ["Python"]
    talk.notes = "She came from Acme Health"
    names = {"acme health": "Acme Health"}
    assert [r.label for r in recurring([talk], names)] == ["Python", "Acme Health"]
    assert [r.label for r in recurring([talk], {"acme health": "ACME Health"})][1] == "ACME Health"
    renamed = Curation(labels={("skills", "python"): "Python 3"})
    assert [r.label for r in recurring([talk], names, curation=renamed)] == ["Python 3", "Acme Health"]
