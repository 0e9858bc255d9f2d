"""Asking a volunteer through the platform: the preparation gate, the caps (also under concurrency),
the volunteer's answer, and the volunteer landing in the member's own network."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from coffeechat.community import requests as asking
from coffeechat.community import rules
from coffeechat.community.models import Community, Membership, Notice, Request, VolunteerProfile
from coffeechat.conversations import lifecycle
from coffeechat.conversations.models import Meeting, PipelineEntry
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.outreach.service import profile_for

PITCH = "I am a nurse moving into user research, and I would value your view of the work."
SHOWN = ["headline", "title", "organization", "topics", "ways"]


def _member(name: str, *, pitch: str = PITCH) -> User:
    user = User.objects.create_user(name, email=f"{name}@example.org")
    Membership.objects.create(
        user=user,
        display_name=name.title() + " Lee",
        email=f"{name}@example.org",
        unsubscribe_token=f"t-{name}",
    )
    profile = profile_for(user)
    profile.full_name, profile.pitch = name.title() + " Lee", pitch
    profile.save()
    return user


def _volunteer(name: str, **fields: Any) -> VolunteerProfile:
    user = _member(name)
    fields = {
        "headline": "UX researcher in health care",
        "title": "UX Researcher",
        "organization": "Northwind Health",
        "location": "Hidden City",
        "topics": "research methods\nchanging careers",
        "ways": ["video"],
        "shown": SHOWN,
        "monthly_cap": 4,
        **fields,
    }
    return VolunteerProfile.objects.create(user=user, **fields)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def on(settings: Any) -> None:
    settings.COMMUNITY_MODE = True


@pytest.fixture
def sam(db: None, on: None) -> User:
    return _member("sam")


@pytest.fixture
def dana(db: None, on: None) -> VolunteerProfile:
    return _volunteer("dana")


@pytest.fixture
def ux(sam: User) -> Exploration:
    return Exploration.objects.create(owner=sam, text="UX research")


def _send(member: User, profile: VolunteerProfile, exploration: Exploration, message: str = "") -> Request:
    return asking.send_request(
        member, profile, exploration, message or asking.draft_message(member, profile, exploration)
    )


def _asked(member: User, profile: VolunteerProfile, exploration: Exploration, **fields: Any) -> Request:
    """A request written directly (what other members sent earlier this month)."""
    return Request.objects.create(
        member=member,
        volunteer=profile,
        volunteer_name="Dana Lee",
        exploration=exploration,
        exploration_text=exploration.text,
        pitch=PITCH,
        message="…",
        created=timezone.now(),
        **fields,
    )


# The preparation gate


@pytest.mark.django_db
def test_it_prefills_a_draft_the_checker_passes_and_sends_it_with_a_notice_to_the_volunteer(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    client = _client(sam)
    page = client.get(f"/community/volunteers/{dana.pk}/ask/").content.decode()
    assert "Hello Dana," in page and "while exploring UX research" in page and PITCH in page
    assert "your work as UX Researcher at Northwind Health" in page
    draft = asking.draft_message(sam, dana, ux)
    assert not asking.serious_flags(asking.check(draft))

    sent = client.post(
        f"/community/volunteers/{dana.pk}/ask/",
        {"exploration": ux.pk, "message": draft, "action": "send"},
        follow=True,
    )

    request = Request.objects.get()
    assert request.member == sam and request.volunteer == dana and request.status == "open"
    assert request.pitch == PITCH and request.exploration_text == "UX research" and request.message == draft
    assert "Your request is on its way to Dana Lee" in sent.content.decode()
    [notice] = Notice.objects.filter(recipient=dana.user)
    assert notice.kind == "new_request" and notice.request == request and "Sam Lee" in notice.subject
    assert f"/community/requests/{request.pk}/" in notice.body


@pytest.mark.django_db
def test_without_a_pitch_the_page_says_so_links_to_write_it_and_nothing_is_sent(
    dana: VolunteerProfile, on: None
) -> None:
    nopitch = _member("nia", pitch="")
    exploration = Exploration.objects.create(owner=nopitch, text="UX research")
    client = _client(nopitch)
    page = client.get(f"/community/volunteers/{dana.pk}/ask/").content.decode()
    assert "Write your pitch first" in page and 'href="/profile/"' in page
    answer = client.post(
        f"/community/volunteers/{dana.pk}/ask/",
        {"exploration": exploration.pk, "message": "Hello Dana, I found your profile. May we talk?"},
    )
    assert "Write your pitch first" in answer.content.decode()
    assert not Request.objects.exists() and not Notice.objects.exists()


@pytest.mark.django_db
def test_a_serious_flag_blocks_the_request_and_the_page_shows_the_checks(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    message = (
        "Hello Dana, I found your profile. Are you hiring? I would love a job on your team. Can we talk?"
    )
    client = _client(sam)
    answer = client.post(f"/community/volunteers/{dana.pk}/ask/", {"exploration": ux.pk, "message": message})
    page = answer.content.decode()
    assert "Fix this in your message first" in page and "Mentions “hiring” in a first request" in page
    assert not Request.objects.exists()
    checked = client.post(
        f"/community/volunteers/{dana.pk}/ask/",
        {"exploration": ux.pk, "message": message, "action": "check"},
        headers={"HX-Request": "true"},
    )
    assert (
        checked.content.decode().lstrip().startswith('<div id="flags">')
        and "hiring" in checked.content.decode()
    )


@pytest.mark.django_db
def test_another_members_exploration_is_a_404(sam: User, dana: VolunteerProfile, ux: Exploration) -> None:
    theirs = Exploration.objects.create(owner=_member("max"), text="Data science")
    client = _client(sam)
    assert client.get(f"/community/volunteers/{dana.pk}/ask/?exploration={theirs.pk}").status_code == 404
    answer = client.post(
        f"/community/volunteers/{dana.pk}/ask/",
        {"exploration": theirs.pk, "message": asking.draft_message(sam, dana, ux)},
    )
    assert answer.status_code == 404 and not Request.objects.exists()


# The caps


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("situation", "said"),
    [
        ("paused", "This volunteer is paused until"),
        ("full", "This volunteer is full this month"),
        ("oneself", "This is your own profile"),
        ("already_open", "You already have a request waiting with this volunteer"),
        ("over_member_cap", "You have 3 requests waiting, the most at once here"),
    ],
)
def test_it_refuses_a_request_the_rules_forbid_and_writes_nothing(
    sam: User, dana: VolunteerProfile, ux: Exploration, situation: str, said: str
) -> None:
    asker, target = sam, dana
    if situation == "paused":
        dana.paused_until = date.today() + timedelta(days=20)
        dana.save()
    elif situation == "full":
        dana.monthly_cap = 2
        dana.save()
        for name in ("ann", "bo"):
            other = _member(name)
            _asked(other, dana, Exploration.objects.create(owner=other, text="UX"), status="declined")
    elif situation == "oneself":
        asker = dana.user
    elif situation == "already_open":
        _asked(sam, dana, ux)
    elif situation == "over_member_cap":
        for name in ("eve", "fay", "gus"):
            _asked(sam, _volunteer(name), ux)
    exploration = ux if asker == sam else Exploration.objects.create(owner=asker, text="UX research")
    before = Request.objects.count()
    client = _client(asker)
    page = client.get(f"/community/volunteers/{target.pk}/ask/").content.decode()
    assert said in page
    answer = client.post(
        f"/community/volunteers/{target.pk}/ask/",
        {"exploration": exploration.pk, "message": asking.draft_message(asker, target, exploration)},
    )
    assert said in answer.content.decode()
    assert Request.objects.count() == before and not Notice.objects.exists()


# Caps under concurrency: two at once never both get what only one may have.


@contextmanager
def racing_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """New threads' connections on a database where writers queue as in real use.

    PostgreSQL's test database already is one. SQLite's is in memory with a shared cache, where a
    second writer fails at once instead of waiting its turn; real servers use a file (WAL,
    busy_timeout, IMMEDIATE transactions: lib/dbconfig.py), so the rows written so far are copied
    into one and the threads connect there with the real settings."""
    if connection.vendor == "sqlite":
        path = tmp_path / "race.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        monkeypatch.setitem(
            connections.settings, "default", {**connections.settings["default"], "NAME": str(path)}
        )
    try:
        yield
    finally:
        monkeypatch.undo()


def _in_a_thread(read: Callable[[], Any]) -> Any:
    """Read through a new thread's connection: the racing database on SQLite too."""
    found: list[Any] = []

    def run() -> None:
        try:
            found.append(read())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return found[0]


def _race(*attempts: Callable[[], Request]) -> tuple[list[Request], list[str]]:
    """Run the attempts at once in their own threads (each its own connection)."""
    barrier = threading.Barrier(len(attempts))
    made: list[Request] = []
    refused: list[str] = []

    def run(attempt: Callable[[], Request]) -> None:
        try:
            barrier.wait()
            made.append(attempt())
        except asking.Refused as refusal:
            refused.append(str(refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return made, refused


def _slow_counting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request waits a moment between counting and writing, so without the locks both would
    count the same and both write (the race the locks must prevent, made certain)."""
    refusal = rules.refusal

    def slow(*args: Any) -> str | None:
        time.sleep(0.3)
        return refusal(*args)

    monkeypatch.setattr(asking.rules, "refusal", slow)


@pytest.mark.django_db(transaction=True)
def test_caps_hold_when_two_ask_at_once(on: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two members asking at once for a volunteer's last slot, then one member sending two requests
    at once with room for one: each time exactly one goes through. (One test: on PostgreSQL each
    test that commits pays for emptying every table afterwards.)"""
    Community.objects.update_or_create(pk=1, defaults={"open_requests_per_member": 1})
    dana, eve, fay = _volunteer("dana", monthly_cap=1), _volunteer("eve"), _volunteer("fay")
    sam, ann = _member("sam"), _member("ann")
    explorations = {
        user.pk: Exploration.objects.create(owner=user, text="UX research") for user in (sam, ann)
    }
    _slow_counting(monkeypatch)
    with racing_database(tmp_path, monkeypatch):
        made, refused = _race(
            lambda: _send(sam, dana, explorations[sam.pk]), lambda: _send(ann, dana, explorations[ann.pk])
        )
        assert len(made) == 1 and refused == ["This volunteer is full this month; try another."]
        assert _in_a_thread(lambda: Request.objects.filter(volunteer_id=dana.pk).count()) == 1
        assert _in_a_thread(lambda: Notice.objects.filter(recipient_id=dana.user_id).count()) == 1

        # The one who missed Dana has room for one request and sends two at once.
        other = ann if made[0].member_id == sam.pk else sam
        ux = explorations[other.pk]
        made, refused = _race(lambda: _send(other, eve, ux), lambda: _send(other, fay, ux))
        assert len(made) == 1 and len(refused) == 1 and "You have 1 request waiting" in refused[0]
        assert _in_a_thread(lambda: Request.objects.filter(member_id=other.pk, status="open").count()) == 1


# The volunteer's answer


@pytest.mark.django_db
def test_accepting_with_a_time_puts_the_meeting_on_both_sides_and_the_volunteer_in_the_network(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    request = _send(sam, dana, ux)
    volunteer = _client(dana.user)
    page = volunteer.get(f"/community/requests/{request.pk}/").content.decode()
    assert "Sam Lee would like to talk" in page and PITCH in page and "Decline" in page

    day = date.today() + timedelta(days=5)
    done = volunteer.post(
        f"/community/requests/{request.pk}/accept/",
        {
            "answer": "Looking forward to it.",
            "date": day.isoformat(),
            "time": "16:30",
            "time_zone": "Europe/Paris",
            "minutes": "30",
            "way": "video",
        },
        follow=True,
    )

    assert "Thank you for saying yes" in done.content.decode()
    request.refresh_from_db()
    assert request.status == "accepted" and request.way == "video" and request.meeting_minutes == 30
    person = Person.objects.get(owner=sam)
    assert request.person == person and person.name == "Dana Lee" and person.title == "UX Researcher"
    assert person.organization.name == "Northwind Health"
    assert person.location == "" and "research methods" in person.notes  # hidden stays hidden
    meeting = Meeting.objects.get(owner=sam)
    assert meeting.person == person and meeting.exploration == ux and meeting.time_zone == "Europe/Paris"
    assert meeting.starts == datetime.combine(day, dtime(16, 30), tzinfo=ZoneInfo("Europe/Paris"))
    entry = PipelineEntry.objects.get(exploration=ux, person=person)
    assert entry.stage == lifecycle.SCHEDULED
    [told] = Notice.objects.filter(recipient=sam)
    assert told.kind == "accepted" and "Dana Lee said yes on" in told.subject and "16:30" in told.subject

    ics = volunteer.get(f"/community/requests/{request.pk}/meeting.ics")
    assert (
        ics["Content-Type"].startswith("text/calendar")
        and b"Informational interview with Sam Lee" in ics.content
    )
    ann = _member("ann")
    untimed = _send(ann, dana, Exploration.objects.create(owner=ann, text="UX"))
    waiting = volunteer.get(f"/community/requests/{untimed.pk}/meeting.ics", follow=True)
    assert "No time is set for this conversation yet" in waiting.content.decode()
    own = _client(sam).get(f"/community/requests/{request.pk}/meeting.ics")
    assert b"Informational interview with Dana Lee" in own.content
    member_page = _client(sam).get(f"/community/requests/{request.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/" in member_page and f"/people/{person.pk}/" in member_page


@pytest.mark.django_db
def test_a_time_already_past_or_half_given_is_refused_with_the_reason_and_nothing_changes(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    request = _send(sam, dana, ux)
    volunteer = _client(dana.user)
    url = f"/community/requests/{request.pk}/accept/"
    past = {"date": "2001-01-01", "time": "10:00", "time_zone": "UTC", "minutes": "30"}
    answer = volunteer.post(url, past)
    assert answer.status_code == 400 and "That time has passed" in answer.content.decode()
    half = volunteer.post(url, {**past, "date": (date.today() + timedelta(days=3)).isoformat(), "time": ""})
    assert half.status_code == 400 and "give both the date and the time" in half.content.decode()
    request.refresh_from_db()
    assert request.status == "open" and not Person.objects.exists() and not Meeting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("known_by", ["name and organization", "email"])
def test_an_accepted_volunteer_the_member_already_has_is_that_person_not_a_second_one(
    sam: User, dana: VolunteerProfile, ux: Exploration, make_person: Callable[..., Person], known_by: str
) -> None:
    if known_by == "email":
        had = make_person(sam, "Dana Lee-Martin", org="Old Employer", emails=["dana@example.org"])
    else:
        had = make_person(sam, "Dana Lee", org="Northwind Health")
    make_person(sam, "Dana Lee", org="Elsewhere Inc")  # the same name elsewhere is someone else
    request = _send(sam, dana, ux)
    asking.accept(request, asking.Acceptance(answer="Tuesday or Thursday after 4 pm work for me."))
    request.refresh_from_db()
    assert request.person == had and Person.objects.filter(owner=sam).count() == 2
    entry = PipelineEntry.objects.get(exploration=ux, person=had)
    assert entry.stage == lifecycle.REPLIED and not Meeting.objects.exists()


@pytest.mark.django_db
def test_declining_sends_the_kind_answer_and_the_note(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    request = _send(sam, dana, ux)
    done = _client(dana.user).post(
        f"/community/requests/{request.pk}/decline/",
        {"reason": "month_full", "note": "Try me in January!"},
        follow=True,
    )
    assert "Your answer was sent, kindly" in done.content.decode()
    request.refresh_from_db()
    assert request.status == "declined" and request.closed_reason == "month_full"
    assert "My month is full" in request.answer and "Try me in January!" in request.answer
    [told] = Notice.objects.filter(recipient=sam)
    assert told.kind == "declined" and "My month is full" in told.body and "Try me in January!" in told.body
    assert not Person.objects.filter(owner=sam).exists()


@pytest.mark.django_db
def test_a_withdrawn_request_tells_the_volunteer_and_can_no_longer_be_answered(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    request = _send(sam, dana, ux)
    done = _client(sam).post(f"/community/requests/{request.pk}/withdraw/", follow=True)
    assert "Your request was withdrawn" in done.content.decode()
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert Notice.objects.filter(recipient=dana.user, kind="withdrawn").count() == 1

    late = _client(dana.user).post(
        f"/community/requests/{request.pk}/accept/",
        {"answer": "Monday?", "minutes": "30", "time_zone": "UTC"},
        follow=True,
    )
    assert "This request is no longer waiting for an answer: it was withdrawn." in late.content.decode()
    request.refresh_from_db()
    assert request.status == "withdrawn" and request.person is None and not Person.objects.exists()
    assert not Notice.objects.filter(recipient=sam).exists()


@pytest.mark.django_db
def test_only_the_volunteer_asked_may_answer_and_only_the_member_may_withdraw(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    request = _send(sam, dana, ux)
    other = _client(_volunteer("eve").user)
    for path in ("", "accept/", "decline/", "withdraw/", "meeting.ics"):
        method = other.get if path in ("", "meeting.ics") else other.post
        assert method(f"/community/requests/{request.pk}/{path}").status_code == 404
    assert _client(sam).post(f"/community/requests/{request.pk}/accept/", {"answer": "x"}).status_code == 404
    assert _client(dana.user).post(f"/community/requests/{request.pk}/withdraw/").status_code == 404
    request.refresh_from_db()
    assert request.status == "open"


@pytest.mark.django_db
def test_your_requests_lists_what_you_sent_and_what_was_asked_of_you(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    _send(sam, dana, ux)
    sent = _client(sam).get("/community/requests/").content.decode()
    assert "Dana Lee" in sent and "Waiting for an answer" in sent
    received = _client(dana.user).get("/community/requests/").content.decode()
    assert "Asked of you" in received and "Sam Lee" in received
    assert 'href="/community/requests/"' in _client(sam).get("/community/").content.decode()


def test_asking_from_the_directory_ranked_for_an_exploration_drafts_for_that_exploration(
    sam: User, dana: VolunteerProfile, ux: Exploration
) -> None:
    other = Exploration.objects.create(owner=sam, text="Competitive swimming coaching")  # changed last
    client = _client(sam)
    directory = client.get(f"/community/directory/?exploration={ux.pk}").content.decode()
    profile_link = f"/community/volunteers/{dana.pk}/?exploration={ux.pk}"
    assert profile_link in directory
    ask_link = f"/community/volunteers/{dana.pk}/ask/?exploration={ux.pk}"
    assert ask_link in client.get(profile_link).content.decode()
    asked = client.get(ask_link).content.decode()
    assert "while exploring UX research." in asked and "our community&#x27;s volunteer directory" in asked
    # without a ranking, the latest exploration, read inside the sentence
    plain = client.get(f"/community/volunteers/{dana.pk}/ask/").content.decode()
    assert "while exploring competitive swimming coaching." in plain and other.text in plain
