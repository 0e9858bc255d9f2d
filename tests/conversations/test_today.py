"""Today: what is due, computed from requests, nudges, meetings and past conversations."""

import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coffeechat.conversations.models import Meeting, Message, PipelineEntry, Reflection
from coffeechat.conversations.today import today_items
from coffeechat.explore.models import Exploration
from coffeechat.network import access
from coffeechat.network.models import Person, Tie

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def sent(user: User, person: Person, exploration: Exploration, kind: str, when: datetime) -> None:
    Message.objects.create(owner=user, person=person, exploration=exploration, kind=kind, body="…", sent=when)


def test_a_request_without_reply_brings_the_next_person_then_a_nudge_then_rest(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz", org="Acme Health", tie_strength=None)
    make_person(user, "Bo Berg", org="Acme Health", tie_strength=2)
    exploration = Exploration.objects.create(owner=user, text="UX research")
    PipelineEntry.objects.create(exploration=exploration, person=ana, stage="request_sent")
    sent(user, ana, exploration, "direct_request", datetime(2026, 11, 2, 9, 0, tzinfo=UTC))  # a Monday
    assert today_items(user, date(2026, 11, 4)) == []
    [next_person] = today_items(user, date(2026, 11, 5))
    assert next_person.kind == "next_person" and next_person.person.name == "Bo Berg"
    assert [i.kind for i in today_items(user, date(2026, 11, 11))] == ["next_person", "nudge"]
    sent(user, ana, exploration, "nudge", datetime(2026, 11, 11, 9, 0, tzinfo=UTC))
    assert [i.kind for i in today_items(user, date(2026, 11, 12))] == []
    assert [i.kind for i in today_items(user, date(2026, 11, 18))] == ["give_up"]


def test_meetings_today_and_thank_yous_due(user: User, make_person: Callable[..., Person]) -> None:
    ana = make_person(user, "Ana Ruiz")
    dev = make_person(user, "Dev Patel")
    now = timezone.now()
    Meeting.objects.create(owner=user, person=ana, starts=now + timedelta(minutes=5))
    Meeting.objects.create(owner=user, person=dev, starts=now - timedelta(hours=3))
    kinds = {i.kind: i.person.name for i in today_items(user)}
    assert kinds == {"meeting": "Ana Ruiz", "thank_you": "Dev Patel", "reflect": "Dev Patel"}
    Message.objects.create(owner=user, person=dev, kind="thank_you", body="Thanks", sent=now)
    Reflection.objects.create(meeting=Meeting.objects.get(person=dev), impressions="Kind and direct")
    assert {i.kind for i in today_items(user)} == {"meeting"}


def test_people_met_long_ago_are_due_a_check_in(user: User, make_person: Callable[..., Person]) -> None:
    ana = make_person(user, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=user, text="UX research")
    PipelineEntry.objects.create(exploration=exploration, person=ana, stage="thanked")
    met = timezone.now() - timedelta(days=131)
    Meeting.objects.create(owner=user, person=ana, exploration=exploration, starts=met, held=met)
    sent(user, ana, exploration, "thank_you", met + timedelta(hours=3))
    [item] = [i for i in today_items(user) if i.kind == "check_in"]
    assert item.overdue


def test_today_shows_on_the_home_page_and_in_the_command(
    alex: Client, user: User, make_person: Callable[..., Person], settings: Any, tmp_path: Path
) -> None:
    # Noon, so that half an hour later is still today (at 23:40 it was tomorrow's meeting)
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    (tmp_path / "now").write_text(noon.isoformat())
    settings.CLOCK_FILE = str(tmp_path / "now")
    ana = make_person(user, "Ana Ruiz")
    Meeting.objects.create(owner=user, person=ana, starts=noon + timedelta(minutes=30))
    assert "Meeting with Ana Ruiz" in alex.get("/").content.decode()
    out = io.StringIO()
    call_command("today", "--json", stdout=out)
    [item] = json.loads(out.getvalue())
    assert item["kind"] == "meeting" and item["person_id"] == ana.pk


def test_the_next_person_at_the_organization_is_never_listed_excluded_or_sensitive(
    user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz", org="Acme Health", tie_strength=None)
    listed = make_person(user, "Bo Berg", org="Acme Health", tie_strength=3)
    excluded = make_person(user, "Cy Cole", org="Acme Health", tie_strength=3)
    make_person(user, "Di Dunn", org="Acme Health", tie_strength=3, sensitive=True)
    make_person(user, "Ed Eng", org="Acme Health", tie_strength=1)
    make_person(user, "Fa Fox", org="Acme Health", tie_strength=2)
    exploration = Exploration.objects.create(owner=user, text="UX research")
    exploration.excluded_people.add(excluded)
    other = Exploration.objects.create(owner=user, text="Data science")
    PipelineEntry.objects.create(exploration=exploration, person=ana, stage="request_sent")
    PipelineEntry.objects.create(exploration=exploration, person=listed, stage="identified")
    PipelineEntry.objects.create(exploration=other, person=ana, stage="request_sent")
    for topic in (exploration, other):
        sent(user, ana, topic, "direct_request", datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    items = today_items(user, date(2026, 11, 5))
    assert {(i.exploration.text, i.person.name) for i in items} == {
        ("UX research", "Fa Fox"),
        ("Data science", "Bo Berg"),
    }


def test_the_network_summary_counts_people_ties_and_direct_contacts_only_up_to_a_cap(
    user: User, alex: Client, make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "SUMMARY_CAP", 3)
    people = [make_person(user, f"Person {n}", tie_strength=2 if n < 3 else None) for n in range(5)]
    Tie.objects.bulk_create(Tie(owner=user, person_a=people[0], person_b=p) for p in people[1:])
    page = alex.get("/").content.decode()
    assert "<strong>3+</strong><a" in page and "<strong>3</strong>you know directly" in page
    assert "<strong>3+</strong>ties between them" in page


def test_today_shows_the_most_urgent_and_counts_the_rest_a_click_away(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    now = timezone.now()
    for n in range(30):  # thirty conversations held, none thanked: sixty things due
        met = now - timedelta(days=60 - n)
        person = make_person(user, f"Person {n:02}")
        Meeting.objects.create(owner=user, person=person, starts=met, held=met)
    home = alex.get("/").content.decode()
    assert home.count('class="today-item') == 20
    assert "Thank Person 00" in home and "Thank Person 29" not in home  # the longest overdue first
    more = r"40 more due</a>.*?(\d+) thank-yous, (\d+) reflections to write"
    [(thanks, reflections)] = re.findall(more, home)
    assert int(thanks) + int(reflections) == 40
    first = alex.get("/today/").content.decode()
    assert "Everything due (60)" in first and "Page 1 of 2" in first
    assert first.count('class="today-item') == 50
    second = alex.get("/today/?page=2").content.decode()
    assert second.count('class="today-item') == 10 and "Person 29" in second
    assert alex.get("/today/?page=abc").status_code == 200  # a bad page number is the first page
    # put off from the list of everything: back to the same page, and the item is gone
    key = Meeting.objects.get(person__name="Person 29").pk
    decision = {"key": f"thank:{key}", "action": "dismiss", "next": "/today/?page=2"}
    answer = alex.post(reverse("conversations:today_decision"), decision)
    assert answer.status_code == 302 and answer["Location"] == "/today/?page=2"
    assert "Thank Person 29" not in alex.get("/today/?page=2").content.decode()


def test_a_new_account_is_shown_its_first_steps_until_it_has_people(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    assert "Bring in the people you know" in alex.get("/").content.decode()
    make_person(user, "Ana Ruiz")
    page = alex.get("/").content.decode()
    assert "Bring in the people you know" not in page and "Pick an" in page


def test_today_shows_a_nudge_a_day_later_where_the_day_it_falls_on_is_a_public_holiday(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
    settings: Any,
    tmp_path: Path,
) -> None:
    for owner in (user, other_user):
        ana = make_person(owner, "Ana Ruiz")
        exploration = Exploration.objects.create(owner=owner, text="UX research")
        PipelineEntry.objects.create(exploration=exploration, person=ana, stage="request_sent")
        sent(owner, ana, exploration, "direct_request", datetime(2026, 11, 17, 9, 0, tzinfo=UTC))
    settings.CLOCK_FILE = str(tmp_path / "now")
    alex, sam = client_for(user), client_for(other_user)
    saved = alex.post(
        "/profile/",
        {"next_person_after": 3, "nudge_after": 7, "give_up_after_nudge": 5, "cool_down_days": 90}
        | {"holiday_country": "US"},
    )
    assert saved.status_code == 302
    nudge = "Send Ana Ruiz one polite follow-up"
    (tmp_path / "now").write_text("2026-11-26T12:00:00+00:00")  # Thanksgiving
    assert nudge in sam.get("/").content.decode() and nudge not in alex.get("/").content.decode()
    (tmp_path / "now").write_text("2026-11-27T12:00:00+00:00")
    assert nudge in alex.get("/").content.decode()
