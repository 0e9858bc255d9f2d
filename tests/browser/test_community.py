"""A community at work, in a real browser: a student finds an alum for an exploration, passes the
preparation gate and asks; the alum accepts on a phone with a time; the meeting appears for both,
and staff see the request counted.

The accounts are made in the server's database (as `filling.py` does): joining through /join/ is
tested in tests/community/test_joining.py, and the volunteer's own form in test_directory.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server
from tests.browser.test_every_page import OVERFLOW, SMALL_TARGETS

EXPLORATION = "UX research in health care"
GOOD_MESSAGE = (
    "Hello Noor, I am a nurse of ten years exploring UX research in health care. Could we talk for "
    "20 minutes about how you moved from the ward into research?"
)


def cast() -> None:
    """Run inside the server's interpreter: the owner is staff; a student with a pitch and an
    exploration; an alum in UX research and an accountant, both in the directory."""
    from django.contrib.auth import get_user_model

    from coffeechat.community.access import ensure_membership
    from coffeechat.community.models import Membership, VolunteerProfile
    from coffeechat.community.volunteering import prepare
    from coffeechat.explore.models import Exploration
    from coffeechat.outreach.service import profile_for

    users = get_user_model().objects
    owner = users.filter(is_superuser=False).order_by("pk").first() or users.order_by("pk").first()
    ensure_membership(owner, role=Membership.Role.STAFF)
    Membership.objects.filter(user=owner).update(role=Membership.Role.STAFF)
    student = users.create_user("stu", email="stu@example.edu")
    ensure_membership(student, display_name="Stu Dent")
    pitch = profile_for(student)
    pitch.full_name = "Stu Dent"
    pitch.pitch = "I am a nurse of ten years, learning how research shapes care for patients."
    pitch.save()
    Exploration.objects.create(owner=student, text=EXPLORATION, why="The patient side of nursing.")
    shown = ["headline", "title", "organization", "industry", "topics", "ways"]
    for username, name, fields in (
        (
            "pat",
            "Pat Numbers",
            {
                "title": "Senior Accountant",
                "organization": "Ledger & Co",
                "industry": "Accounting",
                "headline": "Audits, taxes and spreadsheets",
            },
        ),
        (
            "noor",
            "Noor Haddad",
            {
                "title": "UX Researcher",
                "organization": "Children's Hospital",
                "industry": "Health care",
                "headline": "User research for patients and clinicians in a hospital",
            },
        ),
    ):
        user = users.create_user(
            username, email=f"{username}@example.org", first_name=name.split()[0], last_name=name.split()[1]
        )
        ensure_membership(user, display_name=name)
        profile = VolunteerProfile(
            user=user, topics="research methods", ways=["video"], shown=shown, listed=True, **fields
        )
        prepare(profile)
        profile.save()
    print(json.dumps({"owner": owner.get_username()}))


def _fits_a_phone(page: Page) -> None:
    problems = page.evaluate(OVERFLOW) + page.evaluate(SMALL_TARGETS)
    assert not problems, f"{page.url}: " + "; ".join(problems)


def test_a_student_asks_an_alum_who_accepts_on_a_phone_and_the_meeting_appears_for_both(
    server: Server, browser: Browser, page: Page
) -> None:
    made = server.coffeechat("shell", "-c", "from tests.browser.test_community import cast; cast()")
    owner = json.loads(made.stdout.strip().splitlines()[-1])["owner"]

    # The student finds the alum in the directory, ranked for their exploration.
    server.sign_in(page, "stu")
    page.goto(server.url + "/community/directory/")
    page.get_by_role("link", name=EXPLORATION).click()
    expect(page.get_by_text("Ranked for your exploration")).to_be_visible()
    volunteers = page.locator("ol.volunteers > li")
    expect(volunteers.first).to_contain_text("Noor Haddad")  # the accountant, if listed at all, after her
    volunteers.first.get_by_role("link", name="Noor Haddad").click()
    expect(page.get_by_text("User research for patients and clinicians")).to_be_visible()
    page.get_by_role("button", name="Ask for a conversation").click()

    # The gate: the pitch goes along, and a message the checker flags in red does not.
    expect(page.get_by_role("heading", name="Ask Noor Haddad for a conversation")).to_be_visible()
    expect(page.locator("article", has_text="Your pitch")).to_contain_text(
        "learning how research shapes care"
    )
    message = page.get_by_role("textbox", name="Message")
    message.fill("Hi Noor, do you have a job opening for me? I would love to work with you.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Fix this in your message first: Mentions “job”")).to_be_visible()
    expect(page.get_by_role("heading", name="Ask Noor Haddad for a conversation")).to_be_visible()
    message.fill(GOOD_MESSAGE)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request is on its way to Noor Haddad.")).to_be_visible()
    request_url = page.url

    # The alum, on a phone, opens the request and accepts with a time.
    day = (timezone.now() + timedelta(days=5)).date()
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    alum = phone.new_page()
    server.sign_in(alum, "noor")
    alum.goto(server.url + "/community/requests/")
    _fits_a_phone(alum)
    alum.get_by_role("link", name="Stu Dent").click()
    expect(alum.get_by_role("heading", name="Stu Dent would like to talk")).to_be_visible()
    expect(alum.get_by_text("moved from the ward into research")).to_be_visible()
    _fits_a_phone(alum)
    alum.get_by_label("Times that suit you, or a note").fill("Glad to. Video suits me best.")
    alum.get_by_text("Or set a time now").click()
    alum.get_by_label("Date").fill(day.isoformat())
    alum.get_by_label("Time", exact=True).fill("15:00")
    alum.get_by_label("Time zone").fill("Europe/Berlin")
    alum.get_by_label("Way").select_option("video")
    _fits_a_phone(alum)
    alum.get_by_role("button", name="Accept").click()
    expect(alum.get_by_text("Thank you for saying yes")).to_be_visible()
    _fits_a_phone(alum)
    # shown in the server's zone, named (UTC here): 15:00 in Berlin in winter
    starts = datetime.combine(day, time(15), ZoneInfo("Europe/Berlin")).astimezone(UTC)
    when = f"{starts:%A} {starts.day} {starts:%B %Y, %H:%M} UTC"
    expect(alum.get_by_text(when)).to_be_visible()
    ics = alum.request.get(
        server.url + alum.get_by_role("button", name="Add to your calendar (.ics)").get_attribute("href")
    )
    calendar = ics.text()
    assert ics.ok and f"DTSTART:{starts:%Y%m%dT%H%M%SZ}" in calendar, calendar
    assert "SUMMARY:Informational interview with Stu Dent" in calendar
    phone.close()

    # The student: the meeting on the request, on its own page, on Today and in the network.
    page.goto(request_url)
    expect(page.get_by_text("Glad to. Video suits me best.")).to_be_visible()
    expect(page.get_by_text(when)).to_be_visible()
    page.get_by_role("button", name="Prepare: your meeting page").click()
    expect(page.locator("main")).to_contain_text("Noor Haddad")
    page.goto(server.url + "/")
    expect(page.locator("main")).to_contain_text("Noor Haddad")
    page.goto(server.url + "/people/")
    expect(page.locator("main").get_by_role("link", name="Noor Haddad")).to_be_visible()

    # Staff see it counted on their dashboard.
    server.sign_in(page, owner)
    page.goto(server.url + "/community/staff/")
    stats = page.locator("section.stats")
    expect(stats.locator("article", has_text="requests sent")).to_contain_text("1")
    expect(stats.locator("article", has_text="accepted")).to_contain_text("1")
    expect(stats.locator("article", has_text="waiting for an answer")).to_contain_text("0")
