"""The one search box also finds what was said: notes, answers, reflections and research notes."""

import io
import json
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coffeechat.conversations.models import Meeting, MeetingNotes, PlannedQuestion, Reflection, ResearchItem
from coffeechat.network.models import Person
from coffeechat.network.search_sources import search_texts

pytestmark = pytest.mark.django_db


def meet(owner: User, person: Person, day: str, notes: str = "", time_zone: str = "UTC") -> Meeting:
    starts = datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=ZoneInfo(time_zone))
    meeting = Meeting.objects.create(owner=owner, person=person, starts=starts, time_zone=time_zone)
    if notes:
        MeetingNotes.objects.create(meeting=meeting, text=notes)
    return meeting


@pytest.fixture
def ana_meeting(user: User, make_person: Callable[..., Person]) -> Meeting:
    ana = make_person(user, "Ana Ruiz", title="UX Researcher")
    return meet(user, ana, "2026-03-04", notes="She said the hospital's budget cycle drives every redesign.")


def test_the_page_shows_the_hit_with_its_person_meeting_date_and_snippet(
    alex: Client, ana_meeting: Meeting
) -> None:
    page = alex.get("/search/?q=budget").content.decode()
    assert "From your conversations" in page
    assert "Meeting notes" in page and "Ana Ruiz" in page and "meeting of 4 Mar 2026" in page
    assert "hospital&#x27;s <mark>budget</mark> cycle drives" in page
    assert f'href="/meetings/{ana_meeting.pk}/live/#notes"' in page
    assert f'href="/meetings/{ana_meeting.pk}/"' in page
    assert f'href="/people/{ana_meeting.person_id}/"' in page
    typed = alex.get("/search/?q=budg", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in typed and "<mark>budget</mark> cycle" in typed


def test_it_finds_answers_reflections_and_research_notes_each_named(
    alex: Client, ana_meeting: Meeting
) -> None:
    planned = PlannedQuestion.objects.create(
        meeting=ana_meeting, theme="path", text="How did you come to this work?", answer="Via nursing school"
    )
    Reflection.objects.create(meeting=ana_meeting, appealed="Nurses shape the tools they use")
    ResearchItem.objects.create(
        meeting=ana_meeting, label="Their organization", notes="A nursing journal award"
    )
    page = alex.get("/search/?q=nurse").content.decode()
    assert "Answer to a planned question: How did you come to this work?" in page
    assert f'href="/meetings/{ana_meeting.pk}/live/#answer-{planned.pk}"' in page
    assert "Reflection: What appealed" in page and "<mark>Nurses</mark> shape" in page
    assert "Research note: Their organization" in page and "A <mark>nursing</mark> journal" in page
    assert f'href="/meetings/{ana_meeting.pk}/brief/"' in page


def test_people_come_first_then_what_was_said(
    alex: Client, user: User, ana_meeting: Meeting, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Budget Bob", title="Controller")
    page = alex.get("/search/?q=budget").content.decode()
    assert (
        page.index("Budget Bob") < page.index("From your conversations") < page.index("<mark>budget</mark>")
    )


def test_another_users_notes_never_appear(
    client_for: Callable[[User], Client],
    other_user: User,
    ana_meeting: Meeting,
    make_person: Callable[..., Person],
) -> None:
    meet(other_user, make_person(other_user, "Sam's Contact"), "2026-04-01", notes="Our budget, not Alex's")
    sam = client_for(other_user)
    page = sam.get("/search/?q=budget").content.decode()
    assert "Sam&#x27;s Contact" in page and "hospital" not in page and "Ana Ruiz" not in page
    assert [hit.person_name for hit in search_texts(other_user, "budget")] == ["Sam's Contact"]
    quick = sam.get("/search/?q=budget&quick=1", headers={"HX-Request": "true"}).content.decode()
    assert "Ana Ruiz" not in quick and "hospital" not in quick
    out = io.StringIO()
    call_command("search", "budget", "--user", "sam", "--json", stdout=out)
    assert [hit["person"]["name"] for hit in json.loads(out.getvalue())["from_conversations"]] == [
        "Sam's Contact"
    ]


def test_accents_and_case_are_folded_both_ways(user: User, make_person: Callable[..., Person]) -> None:
    jose = make_person(user, "José Álvarez")
    meet(user, jose, "2026-01-10", notes="Talked about the CAFÉ chain and Zoë's résumé")
    assert [h.person_name for h in search_texts(user, "cafe resume")] == ["José Álvarez"]
    assert [h.person_name for h in search_texts(user, "ZOE")] == ["José Álvarez"]
    # texts the database leaves out must be those that cannot match: capitals in plain ASCII still do
    meet(user, jose, "2026-01-11", notes="NURSING SHIFTS")
    assert [h.detail or h.kind for h in search_texts(user, "nurse")] == ["meeting notes"]


def test_the_persons_name_narrows_a_search_without_matching_every_note(
    user: User, ana_meeting: Meeting, make_person: Callable[..., Person]
) -> None:
    kim = make_person(user, "Kim Lee")
    meet(user, kim, "2026-05-01", notes="Budget talk again")
    assert [h.person_name for h in search_texts(user, "ana budget")] == ["Ana Ruiz"]
    assert [h.person_name for h in search_texts(user, "budget")] == ["Kim Lee", "Ana Ruiz"]  # newest first
    assert search_texts(user, "ana") == []  # the name alone is what the people results are for
    # one or two letters start a word in nearly every note: what was said is searched from three
    assert search_texts(user, "b") == search_texts(user, "bu") == [] != search_texts(user, "bud")


def test_the_meeting_date_is_the_date_where_it_took_place(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    meet(user, ana, "2026-03-04", notes="late call", time_zone="Pacific/Auckland")
    [hit] = search_texts(user, "late")
    assert hit.meeting_date.isoformat() == "2026-03-04"


def test_the_quick_dropdown_shows_a_few_hits(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    for day in range(1, 6):
        meet(user, ana, f"2026-02-0{day}", notes=f"Portfolio review number {day}")
    quick = alex.get("/search/?q=portfolio&quick=1", headers={"HX-Request": "true"}).content.decode()
    assert quick.count("<mark>Portfolio</mark>") == 3 and "Ana Ruiz, 5 Feb 2026" in quick
    assert "No one matches" not in quick and "<html" not in quick


def test_the_command_adds_the_hits_under_their_own_key(user: User, ana_meeting: Meeting) -> None:
    out = io.StringIO()
    call_command("search", "budget", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["people"] == []
    [hit] = data["from_conversations"]
    assert hit["kind"] == "meeting notes" and hit["person"]["name"] == "Ana Ruiz"
    assert hit["meeting"] == {"id": ana_meeting.pk, "date": "2026-03-04"}
    assert "budget cycle" in hit["snippet"]
    table = io.StringIO()
    call_command("search", "budget", stdout=table)
    assert "From your conversations" in table.getvalue() and "Ana Ruiz" in table.getvalue()


def test_meetings_are_read_only_for_texts_that_could_match(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    for day in range(1, 6):
        meet(user, ana, f"2026-02-0{day}", notes=f"Portfolio review number {day}")
    hit = meet(user, ana, "2026-02-07", notes="The budget cycle drives every redesign.")
    # every keystroke searches what was said: at 500 meetings, reading all of them with their
    # people and dates was most of its cost, even when no text held the word
    with CaptureQueriesContext(connection) as queries:
        assert search_texts(user, "zebra") == []
    assert len(queries) == 1  # notes, answers, reflections and research notes in one statement
    with CaptureQueriesContext(connection) as queries:
        assert [h.meeting_id for h in search_texts(user, "budget")] == [hit.pk]
    [people] = [q["sql"] for q in queries if 'FROM "conversations_meeting" ' in q["sql"]]
    # whom the one shown was with, by its id alone (a JSON list on SQLite, an array on PostgreSQL);
    # its date came with its text
    assert f"'[{hit.pk}]'" in people or f"'{{{hit.pk}}}'" in people
    # "get" is in "budget" but starts no word: nothing more is read
    with CaptureQueriesContext(connection) as queries:
        assert search_texts(user, "get") == []
    assert len(queries) == 1
    # two words: one may be in the person's name, so the people of every text that could match
    # are read, and still no meeting's time on its own
    with CaptureQueriesContext(connection) as queries:
        assert [h.meeting_id for h in search_texts(user, "ana budget")] == [hit.pk]
    [people] = [q["sql"] for q in queries if 'FROM "conversations_meeting" ' in q["sql"]]
    assert "starts" not in people


def test_one_word_shows_the_newest_matches_by_the_date_where_each_meeting_took_place(
    user: User, make_person: Callable[..., Person]
) -> None:
    # Texts are matched from the newest meeting back and the search stops early: what it shows
    # must be what sorting every match would show, across time zones a day apart from UTC.
    ana = make_person(user, "Ana Ruiz")
    zones = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo", "America/Los_Angeles"]
    meetings = []
    for n in range(40):
        day = f"2026-03-{1 + n % 13:02d}"  # each date in several zones
        meeting = meet(user, ana, day, notes=f"portfolio talk {n}", time_zone=zones[n % len(zones)])
        if n % 3 == 0:
            PlannedQuestion.objects.create(meeting=meeting, position=1, text="Q?", answer="A portfolio too")
        meetings.append(meeting)
    meet(user, ana, "2026-03-30", notes="nothing to see here")
    everything = search_texts(user, "portfolio", limit=200)
    assert len(everything) == 40 + 14
    expected = sorted(everything, key=lambda h: (-h.meeting_date.toordinal(), -h.meeting_id))
    assert [(h.meeting_id, h.kind) for h in everything] == [(h.meeting_id, h.kind) for h in expected]
    for limit in (1, 5, 13, 30):
        shown = search_texts(user, "portfolio", limit=limit)
        assert [(h.meeting_id, h.kind) for h in shown] == [(h.meeting_id, h.kind) for h in everything[:limit]]
    local = {m.pk: m.starts.astimezone(ZoneInfo(m.time_zone)).date() for m in meetings}
    assert all(h.meeting_date == local[h.meeting_id] for h in everything)
