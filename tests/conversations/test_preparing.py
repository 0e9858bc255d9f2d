from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from coffeechat.conversations.models import (
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Reflection,
)
from coffeechat.conversations.today import today_items
from coffeechat.explore.models import Exploration
from coffeechat.interviews.models import Question
from coffeechat.network.models import Person, Tie

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(user: User, make_person: Callable[..., Person]) -> Meeting:
    ana = make_person(user, "Ana Ruiz", title="UX Researcher", org="Acme Health", tie_strength=None)
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    return Meeting.objects.create(
        owner=user,
        person=ana,
        exploration=exploration,
        time_zone="Europe/Berlin",
        starts=datetime(2026, 12, 3, 13, 0, tzinfo=ZoneInfo("UTC")),
    )


def test_the_question_bank_can_be_added_to_edited_archived_and_reordered(alex: Client, user: User) -> None:
    assert "How did you come to this work?" in alex.get("/questions/").content.decode()
    alex.post(
        "/questions/", {"text": "What would you change about your field?", "theme": "trends", "minutes": "2"}
    )
    mine = Question.objects.get(text="What would you change about your field?")
    alex.post(
        f"/questions/{mine.pk}/edit/",
        {"text": "What would you change first?", "theme": "trends", "minutes": "3"},
    )
    mine.refresh_from_db()
    assert (mine.text, mine.minutes) == ("What would you change first?", 3)
    first, second = Question.objects.filter(owner=user)[:2]
    alex.post(f"/questions/{second.pk}/", {"action": "up"})
    assert list(Question.objects.filter(owner=user)[:2]) == [second, first]
    alex.post(f"/questions/{first.pk}/", {"action": "archive"})
    first.refresh_from_db()
    assert first.archived


def test_the_plan_is_suggested_then_saved_with_the_referral_question_last(
    alex: Client, meeting: Meeting
) -> None:
    page = alex.get(f"/meetings/{meeting.pk}/plan/").content.decode()
    assert "A suggested set for a 30-minute slot" in page
    bank = list(Question.objects.filter(owner=meeting.owner))
    referral = next(q for q in bank if q.theme == "referrals")
    alex.post(f"/meetings/{meeting.pk}/plan/", {"question": [referral.pk, bank[0].pk, bank[8].pk]})
    assert [p.question_id for p in meeting.plan.all()] == [bank[0].pk, bank[8].pk, referral.pk]


def test_live_notes_autosave_and_keep_answers_across_plan_changes(alex: Client, meeting: Meeting) -> None:
    alex.get(f"/meetings/{meeting.pk}/plan/")  # the first visit copies coffeechat's bank
    bank = list(Question.objects.filter(owner=meeting.owner))
    alex.post(f"/meetings/{meeting.pk}/plan/", {"question": [bank[0].pk, bank[1].pk]})
    planned = meeting.plan.first()
    assert (
        alex.post(
            f"/meetings/{meeting.pk}/live/save/",
            {"field": f"answer-{planned.pk}", "text": "Started as a nurse, moved via a hackathon"},
        ).content
        == b"saved"
    )
    alex.post(f"/meetings/{meeting.pk}/live/save/", {"field": "notes", "text": "Read the NN/g articles"})
    assert MeetingNotes.objects.get(meeting=meeting).text == "Read the NN/g articles"
    alex.post(f"/meetings/{meeting.pk}/plan/", {"question": [bank[0].pk, bank[2].pk]})
    assert (
        PlannedQuestion.objects.get(meeting=meeting, question=bank[0]).answer
        == "Started as a nurse, moved via a hackathon"
    )
    page = alex.get(f"/meetings/{meeting.pk}/live/").content.decode()
    assert "Started as a nurse" in page and "Start the clock now" in page


def test_the_brief_and_prep_sheet_show_what_to_know(alex: Client, meeting: Meeting) -> None:
    brief = alex.get(f"/meetings/{meeting.pk}/brief/").content.decode()
    assert "Research checklist" in brief and "duckduckgo.com/?q=Ana+Ruiz+Acme+Health" in brief
    item = meeting.research.first()
    alex.post(f"/meetings/{meeting.pk}/brief/", {f"item-{item.pk}": "Led the patient portal redesign"})
    markdown = alex.get(f"/meetings/{meeting.pk}/prep/?format=md")
    assert markdown["Content-Type"].startswith("text/markdown")
    text = markdown.content.decode()
    assert text.startswith("# Ana Ruiz") and "Led the patient portal redesign" in text and "14:00" in text


def test_a_reflection_is_recorded(alex: Client, meeting: Meeting) -> None:
    alex.post(
        f"/meetings/{meeting.pk}/reflection/",
        {
            "appealed": "Working with patients",
            "pursue": "maybe",
            "entry": "certificate",
            "fit": "4",
            "impressions": "Warm team",
        },
    )
    reflection = Reflection.objects.get()
    assert (reflection.pursue, reflection.entry, reflection.fit) == ("maybe", "certificate", 4)
    bad = alex.post(f"/meetings/{meeting.pk}/reflection/", {"fit": "9"})
    assert "less than or equal to 5" in bad.content.decode()


def test_a_referral_becomes_a_person_tied_to_the_referrer_and_on_the_list(
    alex: Client, meeting: Meeting
) -> None:
    alex.post(
        f"/meetings/{meeting.pk}/referrals/",
        {
            "name": "Kim Lee",
            "title": "Design Lead",
            "organization": "Hooli",
            "email": "kim@hooli.example",
            "phone": "+1 415 555 0100",
        },
    )
    kim = Person.objects.get(name="Kim Lee")
    assert kim.how_known == "referral" and kim.phones.get().e164 == "+14155550100"
    assert Tie.objects.filter(person_a=meeting.person, person_b=kim).exists()
    assert PipelineEntry.objects.get(person=kim).exploration == meeting.exploration
    draft = alex.get(
        f"/people/{kim.pk}/write/?kind=referred_request&referrer={meeting.person.pk}"
        f"&exploration={meeting.exploration_id}"
    ).content.decode()
    assert "Ana suggested I reach out" in draft
    bad = alex.post(f"/meetings/{meeting.pk}/referrals/", {"name": "X", "phone": "12"})
    assert "not a possible phone number" in bad.content.decode()


def test_the_thank_you_quotes_the_notes_and_today_reminds_of_the_introducer(
    alex: Client, user: User, meeting: Meeting, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez", tie_strength=3)
    Message.objects.create(
        owner=user,
        person=maria,
        about=meeting.person,
        exploration=meeting.exploration,
        kind="intro_request",
        body="…",
        sent=timezone.now() - timedelta(days=10),
    )
    meeting.starts = timezone.now() - timedelta(hours=2)
    meeting.save()
    MeetingNotes.objects.create(meeting=meeting, text="Portfolios matter more than degrees in this field")
    kinds = {i.kind for i in today_items(user)}
    assert {"thank_you", "thank_introducer"} <= kinds
    page = alex.get(
        f"/people/{meeting.person.pk}/write/?kind=thank_you&meeting={meeting.pk}&quote=0"
    ).content.decode()
    assert "What you said (“Portfolios matter more than degrees in this field”)" in page


def test_the_live_clock_starts_on_the_server_and_can_be_moved_five_minutes(
    alex: Client, meeting: Meeting, settings: Settings, tmp_path: Path
) -> None:
    clock_file = tmp_path / "now"
    clock_file.write_text("2026-12-03T13:04:00+00:00")
    settings.CLOCK_FILE = str(clock_file)
    page = alex.get(f"/meetings/{meeting.pk}/live/").content.decode()
    assert "Not started" in page and "planned 14:00" in page  # Berlin time
    answer = alex.post(
        f"/meetings/{meeting.pk}/live/clock/", {"action": "start"}, headers={"Accept": "application/json"}
    ).json()
    assert answer["started"] == "2026-12-03T13:04:00+00:00" and answer["started_label"] == "14:04"
    alex.post(f"/meetings/{meeting.pk}/live/clock/", {"action": "earlier"})
    meeting.refresh_from_db()
    assert meeting.clock_started == datetime(2026, 12, 3, 12, 59, tzinfo=ZoneInfo("UTC"))
    # A second device (or a reload) counts from the same start.
    page = alex.get(f"/meetings/{meeting.pk}/live/").content.decode()
    assert 'data-started="2026-12-03T12:59:00+00:00"' in page and "started 13:59" in page
    # "Later" never moves the start past now.
    alex.post(f"/meetings/{meeting.pk}/live/clock/", {"action": "later"})
    alex.post(f"/meetings/{meeting.pk}/live/clock/", {"action": "later"})
    meeting.refresh_from_db()
    assert meeting.clock_started == datetime(2026, 12, 3, 13, 4, tzinfo=ZoneInfo("UTC"))
    refused = alex.post(
        f"/meetings/{meeting.pk}/live/clock/", {"action": "sideways"}, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 400 and "start, earlier or later" in refused.json()["error"]


def test_the_plan_page_keeps_the_total_with_the_save_button_and_links_the_bank(
    alex: Client, meeting: Meeting
) -> None:
    page = alex.get(f"/meetings/{meeting.pk}/plan/").content.decode()
    # The minutes sit inside the label's text, after the box, never as a sibling Pico pulls up.
    assert '<label class="choice"><input type="checkbox" name="question"' in page
    assert 'class="plan-total sticky-bar' in page and "Save the plan" in page
    assert 'href="/questions/"' in page


def test_another_users_meeting_pages_are_not_found(
    client_for: Callable[[User], Client], other_user: User, meeting: Meeting
) -> None:
    sam = client_for(other_user)
    for page in ("brief", "plan", "prep", "live", "reflection", "referrals"):
        assert sam.get(f"/meetings/{meeting.pk}/{page}/").status_code == 404, page
    assert sam.post(f"/meetings/{meeting.pk}/live/save/", {"field": "notes", "text": "x"}).status_code == 404
    assert sam.post(f"/meetings/{meeting.pk}/live/clock/", {"action": "start"}).status_code == 404
    mine = Question.objects.create(owner=meeting.owner, theme="trends", text="Mine?")
    assert sam.get(f"/questions/{mine.pk}/edit/").status_code == 404
    assert sam.post(f"/questions/{mine.pk}/", {"action": "archive"}).status_code == 404


def test_malformed_fields_are_refused_without_a_crash(alex: Client, meeting: Meeting) -> None:
    assert (
        alex.post(f"/meetings/{meeting.pk}/live/save/", {"field": "answer-x", "text": "t"}).status_code == 404
    )
    assert alex.post(f"/meetings/{meeting.pk}/plan/", {"question": ["x", "-1"]}).status_code == 302
    assert not meeting.plan.exists()
