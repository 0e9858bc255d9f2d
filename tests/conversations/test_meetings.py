"""Meetings change, cancel and go; calendars follow; a meeting held makes them someone the user knows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from coffeechat.conversations.models import CalendarFeed, Meeting, MeetingNotes, PipelineEntry
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person


def _form(when: timezone.datetime, **extra: object) -> dict[str, object]:
    local = timezone.localtime(when)
    return {"date": local.date(), "time": local.strftime("%H:%M"), "time_zone": "UTC", "minutes": 30, **extra}


def _event(body: bytes) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(body)
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_a_meeting_is_rescheduled_then_cancelled_as_one_calendar_event(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=user, text="design")
    soon = timezone.now() + timedelta(days=3)
    alex.post(f"/people/{ana.pk}/meetings/new/", _form(soon, exploration=exploration.pk))
    meeting = Meeting.objects.get()
    assert PipelineEntry.objects.get().stage == "scheduled"
    _, first = _event(alex.get(f"/meetings/{meeting.pk}.ics").content)
    alex.post(f"/meetings/{meeting.pk}/edit/", _form(soon + timedelta(days=1), exploration=exploration.pk))
    _, moved = _event(alex.get(f"/meetings/{meeting.pk}.ics").content)
    assert moved["uid"] == first["uid"] and int(moved["sequence"]) > int(first["sequence"])
    assert moved.decoded("dtstart") - first.decoded("dtstart") == timedelta(days=1)
    alex.post(f"/meetings/{meeting.pk}/cancel/")
    calendar, cancelled = _event(alex.get(f"/meetings/{meeting.pk}.ics").content)
    assert calendar["method"] == "CANCEL" and cancelled["status"] == "CANCELLED"
    assert cancelled["uid"] == first["uid"] and int(cancelled["sequence"]) > int(moved["sequence"])
    assert PipelineEntry.objects.get().stage == "replied"  # the named step back
    feed = CalendarFeed.objects.create(owner=user)
    _, in_feed = _event(alex.get(f"/calendar/{feed.token}.ics").content)
    assert in_feed["status"] == "CANCELLED" and in_feed["uid"] == first["uid"]


def test_dates_outside_a_sane_range_and_moves_into_the_past_are_refused(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    response = alex.post(f"/people/{ana.pk}/meetings/new/", {**_form(timezone.now()), "date": "0999-01-01"})
    assert response.status_code == 200 and not Meeting.objects.exists()
    alex.post(f"/people/{ana.pk}/meetings/new/", _form(timezone.now() + timedelta(days=2)))
    meeting = Meeting.objects.get()
    response = alex.post(
        f"/meetings/{meeting.pk}/edit/", _form(timezone.now() - timedelta(days=2)), follow=True
    )
    assert "cannot be moved into the past" in response.content.decode()
    assert Meeting.objects.get().starts == meeting.starts


def test_a_meeting_logged_after_it_took_place_counts_as_held_and_makes_a_direct_tie(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    priya = make_person(user, "Priya Rao", tie_strength=None)
    exploration = Exploration.objects.create(owner=user, text="design")
    alex.post(
        f"/people/{priya.pk}/meetings/new/",
        _form(timezone.now() - timedelta(days=1), exploration=exploration.pk),
    )
    assert PipelineEntry.objects.get().stage == "met"
    priya.refresh_from_db()
    assert priya.tie_strength == 1 and "informational interview" in priya.tie_context
    assert "How to reach Priya" not in alex.get(f"/people/{priya.pk}/").content.decode()


def test_deleting_a_meeting_with_notes_says_what_goes_and_asks(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    meeting = Meeting.objects.create(owner=user, person=ana, starts=timezone.now() - timedelta(hours=2))
    MeetingNotes.objects.create(meeting=meeting, text="They started in support.")
    page = alex.get(f"/meetings/{meeting.pk}/delete/").content.decode()
    assert "This also deletes your notes" in page
    alex.post(f"/meetings/{meeting.pk}/delete/")
    assert Meeting.objects.exists()  # not confirmed: nothing goes
    alex.post(f"/meetings/{meeting.pk}/delete/", {"confirm": "everything"})
    assert not Meeting.objects.exists() and not MeetingNotes.objects.exists()


def test_the_meeting_page_says_what_comes_next_and_forms_start_where_the_user_came_from(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    Exploration.objects.create(owner=user, text="design")
    research = Exploration.objects.create(owner=user, text="UX research in health care")
    # From the board of one exploration, the person page's links carry it to the forms.
    person_page = alex.get(f"/people/{ana.pk}/?exploration={research.pk}").content.decode()
    assert f"/people/{ana.pk}/meetings/new/?exploration={research.pk}" in person_page
    assert f"kind=thank_you&amp;exploration={research.pk}" in person_page
    form = alex.get(f"/people/{ana.pk}/meetings/new/?exploration={research.pk}").content.decode()
    assert f'<option value="{research.pk}" selected>' in form
    assert 'list="id_time_zone-zones"' in form and '<option value="Europe/Berlin">' in form
    soon = timezone.now() + timedelta(days=3)
    alex.post(
        f"/people/{ana.pk}/meetings/new/",
        _form(soon, exploration=research.pk, time_zone="europe/berlin"),
    )
    meeting = Meeting.objects.get()
    assert meeting.time_zone == "Europe/Berlin"  # a zone typed loosely is read as the real one
    # The next meeting's form starts in the zone used last.
    assert 'value="Europe/Berlin"' in alex.get(f"/people/{ana.pk}/meetings/new/").content.decode()
    page = alex.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "What comes next" in page and "Read the brief" in page
    assert page.index("Choose your questions") < page.index("Write down your first impressions")


def test_another_users_meeting_is_not_found(
    client_for: Callable[[User], Client], user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    meeting = Meeting.objects.create(owner=user, person=make_person(user, "Ana"), starts=timezone.now())
    sam = client_for(other_user)
    for url in ("", "edit/", "delete/"):
        assert sam.get(f"/meetings/{meeting.pk}/{url}").status_code == 404
    assert sam.post(f"/meetings/{meeting.pk}/cancel/").status_code == 404
