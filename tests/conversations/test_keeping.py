"""Today never forgets, check-ins come on their cadence, give-backs are kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.cadence import add_months, check_in_due, next_check_in
from coffeechat.conversations.models import (
    GiveBack,
    Interaction,
    KeepInTouch,
    Meeting,
    PipelineEntry,
    Reflection,
)
from coffeechat.conversations.today import today_items
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person


def test_the_default_cadence_is_three_times_a_year_then_twice_and_restarts() -> None:
    met = date(2026, 1, 10)
    assert next_check_in(met, met) == date(2026, 5, 10)
    assert next_check_in(met, date(2026, 5, 10)) == date(2026, 9, 10)
    assert next_check_in(met, date(2027, 2, 1)) == date(2027, 8, 1)  # after the first year
    assert next_check_in(met, date(2026, 3, 1), every_months=2) == date(2026, 5, 1)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert check_in_due(met, met, date(2026, 5, 9), None, set()) is None
    assert check_in_due(met, met, date(2026, 6, 1), None, {date(2026, 5, 10)}) is None


def _held(user: User, person: Person, days_ago: int) -> Meeting:
    when = timezone.now() - timedelta(days=days_ago)
    meeting = Meeting.objects.create(owner=user, person=person, starts=when, held=when)
    Reflection.objects.create(meeting=meeting, impressions="good")
    return meeting


def test_an_overdue_thank_you_stays_until_done_snoozed_or_dismissed(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    meeting = _held(user, ana, 40)
    [item] = [i for i in today_items(user) if i.kind == "thank_you"]
    assert item.overdue and item.key == f"thank:{meeting.pk}"
    later = timezone.localdate() + timedelta(days=5)
    alex.post("/today/decide/", {"key": item.key, "action": "snooze", "until": later.isoformat()})
    assert "thank_you" not in {i.kind for i in today_items(user)}
    assert "thank_you" in {i.kind for i in today_items(user, later)}
    alex.post("/today/decide/", {"key": item.key, "action": "dismiss"})
    assert "thank_you" not in {i.kind for i in today_items(user, later)}


def test_check_ins_restart_at_every_interaction_and_can_be_stopped(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    _held(user, ana, 130)
    alex.post(
        f"/people/{ana.pk}/give-back/",
        {"kind": "article", "on": (timezone.localdate() - timedelta(days=200)).isoformat()},
    )
    assert "check_in" in {i.kind for i in today_items(user)}
    page = alex.get("/").content.decode()
    assert "Check in with Ana Ruiz" in page and "or log a give-back" in page
    alex.post(
        f"/people/{ana.pk}/give-back/",
        {"kind": "news", "on": timezone.localdate().isoformat(), "note": "got the job"},
    )
    assert "check_in" not in {i.kind for i in today_items(user)}  # the give-back restarted the clock
    in_five = timezone.localdate() + timedelta(days=125)
    assert "check_in" in {i.kind for i in today_items(user, in_five)}
    alex.post(f"/people/{ana.pk}/keep-in-touch/", {"stopped": "on"})
    assert "check_in" not in {i.kind for i in today_items(user, in_five)}
    assert KeepInTouch.objects.get(person=ana).stopped


def test_a_give_back_shows_on_the_person_page_and_moves_the_conversation(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=user, text="design")
    PipelineEntry.objects.create(exploration=exploration, person=ana)
    meeting = _held(user, ana, 3)
    meeting.exploration = exploration
    meeting.save()
    from coffeechat.conversations.events import record_event

    record_event(PipelineEntry.objects.get(), "meeting_held")
    response = alex.post(
        f"/people/{ana.pk}/give-back/",
        {"kind": "introduction", "on": timezone.localdate().isoformat(), "note": "introduced her to Kim"},
    )
    assert response.status_code == 302
    assert GiveBack.objects.get().note == "introduced her to Kim"
    assert PipelineEntry.objects.get().stage == "keeping_in_touch"
    page = alex.get(f"/people/{ana.pk}/").content.decode()
    assert "Introduced them to someone: introduced her to Kim" in page
    assert "give-back: introduced them to someone" in page  # the timeline
    bad = alex.post(f"/people/{ana.pk}/give-back/", {"kind": "article", "on": "0001-01-01"})
    assert bad.status_code == 200 and GiveBack.objects.count() == 1


def test_a_waiting_introduction_is_nudged_through_the_introducer(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    from coffeechat.conversations.events import record_event
    from coffeechat.conversations.models import Message

    maria = make_person(user, "Maria Lopez", tie_strength=3)
    priya = make_person(user, "Priya Rao", tie_strength=None)
    exploration = Exploration.objects.create(owner=user, text="design")
    asked = timezone.now() - timedelta(days=14)
    Message.objects.create(
        owner=user,
        person=maria,
        about=priya,
        exploration=exploration,
        kind="intro_request",
        body="…",
        sent=asked,
    )
    record_event(
        PipelineEntry.objects.create(exploration=exploration, person=priya), "introduction_requested"
    )
    [nudge] = [i for i in today_items(user) if i.kind == "nudge"]
    assert nudge.person == maria and "about Priya Rao" in nudge.text
    assert nudge.url.startswith(f"/people/{priya.pk}/write/?kind=nudge") and f"via={maria.pk}" in nudge.url
    page = alex.get(nudge.url).content.decode()
    assert f'To <a href="/people/{maria.pk}/">Maria Lopez</a>' in page and "about <a" in page
    alex.post(nudge.url, {"subject": "Re: Priya", "body": "A gentle note: any news?", "action": "mark_sent"})
    message = Message.objects.get(kind="nudge")
    assert (message.person, message.about) == (maria, priya)
    entry = PipelineEntry.objects.get(person=priya)
    assert entry.stage == "intro_asked" and entry.nudged
    assert not PipelineEntry.objects.filter(person=maria).exists()
    assert "nudge" not in {i.kind for i in today_items(user)}


def test_a_next_address_on_another_site_is_ignored(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    response = alex.post(
        f"/people/{ana.pk}/give-back/",
        {"kind": "article", "on": timezone.localdate().isoformat(), "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == f"/people/{ana.pk}/"


def test_a_message_read_from_mail_or_linkedin_keeps_in_touch_and_shows_on_the_timeline(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    _held(user, ana, 130)
    assert "check_in" in {i.kind for i in today_items(user)}
    Interaction.objects.create(
        owner=user,
        person=ana,
        at=timezone.now() - timedelta(days=2),
        channel=Interaction.Channel.LINKEDIN,
        direction=Interaction.Direction.RECEIVED,
        subject="Our chat",
        text="Congratulations on the new role!",
        source_key="linkedin:c9:1",
    )
    assert "check_in" not in {i.kind for i in today_items(user)}  # her message restarted the clock
    page = alex.get(f"/people/{ana.pk}/").content.decode()
    assert "they wrote on LinkedIn: “Our chat” Congratulations on the new role!" in page
