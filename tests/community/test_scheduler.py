"""The community's scheduled work: reminders then expiry at the right times, paused and full
volunteers' requests declined for them, each job once per period even with several workers at
once, and `coffeechat community worker`."""

import io
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections

from coffeechat.community import scheduler
from coffeechat.community.models import Community, JobRun, Membership, Notice, Request, VolunteerProfile
from coffeechat.explore.models import Exploration

SITE = "https://alumni.example.edu"
ASKED = datetime.fromisoformat("2026-11-02T09:30:00+00:00")


@pytest.fixture
def community(settings: Any) -> Any:
    settings.COMMUNITY_MODE = True
    settings.PUBLIC_URL = SITE
    settings.COMMUNITY_SMTP = {**settings.COMMUNITY_SMTP, "host": "smtp.alumni.example.edu"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TIME_ZONE = "UTC"
    return settings


def member(name: str) -> User:
    user = User.objects.create_user(name)
    Membership.objects.create(
        user=user, display_name=name.title(), email=f"{name}@example.org", unsubscribe_token=f"t-{name}"
    )
    return user


def ask(member: User, volunteer: VolunteerProfile, at: datetime = ASKED) -> Request:
    exploration = Exploration.objects.create(owner=member, text="UX research in health care")
    return Request.objects.create(
        member=member,
        volunteer=volunteer,
        volunteer_name=volunteer.user.get_username().title(),
        exploration=exploration,
        exploration_text=exploration.text,
        pitch="I am a nurse moving into UX research.",
        message="Would you have 20 minutes?",
        created=at,
    )


@pytest.fixture
def vera(db: None) -> VolunteerProfile:
    return VolunteerProfile.objects.create(user=member("vera"), headline="UX researcher at a hospital")


@pytest.mark.django_db
def test_an_unanswered_request_is_reminded_once_then_expires_with_others_offered(
    community: Any, vera: VolunteerProfile
) -> None:
    sam = member("sam")
    request = ask(sam, vera)
    day = timedelta(days=1)

    scheduler.run_due(ASKED + 7 * day - timedelta(minutes=1))
    assert not Notice.objects.exists()
    scheduler.run_due(ASKED + 7 * day)
    [reminder] = Notice.objects.all()
    assert reminder.recipient == vera.user and reminder.kind == "reminder"
    assert "waited 7 days" in reminder.subject and "closes in 3 days" in reminder.body
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]  # mailed in the same pass
    scheduler.run_due(ASKED + 8 * day)
    assert Notice.objects.count() == 1  # one reminder only

    scheduler.run_due(ASKED + 10 * day - timedelta(minutes=1))
    request.refresh_from_db()
    assert request.status == "open"
    scheduler.run_due(ASKED + 10 * day)
    request.refresh_from_db()
    assert request.status == "expired" and request.closed_reason == "no_answer"
    told = Notice.objects.get(recipient=sam)
    assert told.subject == "Your request to Vera has closed"
    assert f"{SITE}/community/directory/?exploration={request.exploration_id}" in told.body
    assert mail.outbox[-1].to == ["sam@example.org"]
    scheduler.run_due(ASKED + 11 * day)
    assert Notice.objects.count() == 2 and len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_communitys_days_set_when_reminders_and_expiry_come(
    community: Any, vera: VolunteerProfile
) -> None:
    Community.objects.create(pk=1, remind_after_days=2, expire_after_days=1)
    request = ask(member("sam"), vera)
    scheduler.run_due(ASKED + timedelta(days=2))
    scheduler.run_due(ASKED + timedelta(days=3))
    request.refresh_from_db()
    assert request.reminded == ASKED + timedelta(days=2) and request.status == "expired"


@pytest.mark.django_db
def test_a_paused_volunteers_requests_are_declined_for_them_and_the_member_told(
    community: Any, vera: VolunteerProfile
) -> None:
    sam = member("sam")
    request = ask(sam, vera)
    vera.paused_until = date(2026, 12, 20)
    vera.save()
    scheduler.run_due(ASKED + timedelta(hours=1))
    request.refresh_from_db()
    assert request.status == "declined" and request.closed_reason == "paused"
    [told] = Notice.objects.filter(recipient=sam)
    assert "Vera is taking a break until 20 December" in told.body and "says nothing about you" in told.body
    assert "/community/directory/?exploration=" in told.body


@pytest.mark.django_db
def test_a_full_volunteers_requests_beyond_the_cap_are_declined_and_no_more(
    community: Any, vera: VolunteerProfile
) -> None:
    first, second, third = (ask(member(n), vera, ASKED + timedelta(minutes=i)) for i, n in enumerate("abc"))
    vera.monthly_cap = 2  # lowered after three came in
    vera.save()
    scheduler.run_due(ASKED + timedelta(hours=1))
    scheduler.run_due(ASKED + timedelta(hours=2))  # declining made no room to decline another
    statuses = [Request.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == ["open", "open", "declined"]
    [told] = Notice.objects.all()
    assert (
        told.recipient == third.member and "more requests this month than they can give time to" in told.body
    )


@pytest.mark.django_db
def test_each_job_runs_once_a_period(community: Any) -> None:
    now = ASKED + timedelta(hours=3)  # after the digest hour
    first = scheduler.run_due(now)
    assert [r.job for r in first] == [j.name for j in scheduler.JOBS]
    assert scheduler.run_due(now + timedelta(seconds=30)) == []  # the same minute, hour and day
    assert [r.job for r in scheduler.run_due(now + timedelta(minutes=1))] == [
        "remind_and_expire",
        "send_notices",
    ]
    assert JobRun.objects.filter(finished__isnull=False).count() == len(scheduler.JOBS) + 2


@contextmanager
def a_database_threads_share(tmp_path: Path) -> Iterator[None]:
    """PostgreSQL as it is. SQLite's in-memory test database locks a table across connections at
    once instead of waiting, so it is copied to a file, where each thread's connection works as
    in real use (WAL, a write lock taken up front, waiting on it), and copied back afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    memory, path = connection.connection, tmp_path / "shared.sqlite3"
    with closing(sqlite3.connect(path)) as copy:
        memory.backup(copy)
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original
        with closing(sqlite3.connect(path)) as copy:
            copy.backup(memory)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_each_job_once(
    community: Any, vera: VolunteerProfile, tmp_path: Path
) -> None:
    for name in ("sam", "kim", "ali"):
        ask(member(name), vera)
    now = ASKED + timedelta(days=7)
    start = threading.Barrier(2)
    done: list[list[scheduler.Ran]] = []

    def worker() -> None:
        try:
            start.wait()
            done.append(scheduler.run_due(now))
        finally:
            connection.close()

    with a_database_threads_share(tmp_path):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    ran = sorted(r.job for runs in done for r in runs)
    assert ran == sorted(j.name for j in scheduler.JOBS) and not any(r.failed for runs in done for r in runs)
    assert Notice.objects.filter(kind="reminder").count() == 3
    # A reminder written while the other worker was mailing goes with the next minute's pass.
    scheduler.run_due(now + timedelta(minutes=1))
    assert [m.to for m in mail.outbox] == [["vera@example.org"]] * 3  # each reminder mailed once


@pytest.mark.django_db
def test_the_worker_command_runs_one_pass_with_once(
    community: Any, vera: VolunteerProfile, tmp_path: Path
) -> None:
    ask(member("sam"), vera)
    clock = tmp_path / "now"
    clock.write_text((ASKED + timedelta(days=7)).isoformat())
    community.CLOCK_FILE = str(clock)
    out = io.StringIO()
    call_command("community", "worker", "--once", stdout=out)
    assert "remind_and_expire 2026-11-09T09:30: 1 reminded, 0 expired" in out.getvalue()
    assert "send_notices 2026-11-09T09:30: 1 emails for 1 notices" in out.getvalue()
    assert Notice.objects.get().kind == "reminder" and len(mail.outbox) == 1
    community.COMMUNITY_MODE = False
    with pytest.raises(CommandError, match="community mode is off"):
        call_command("community", "worker", "--once")


@pytest.mark.django_db
def test_the_worker_stops_cleanly_on_sigterm(community: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    passes = []

    def one_pass(now: datetime) -> list[scheduler.Ran]:
        passes.append(now)
        os.kill(os.getpid(), signal.SIGTERM)  # as a service manager stops it, mid-pass
        return []

    monkeypatch.setattr(scheduler, "run_due", one_pass)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    call_command("community", "worker", stdout=out)
    assert len(passes) == 1 and out.getvalue().rstrip().endswith("Community worker stopped.")
    assert signal.getsignal(signal.SIGTERM) == before
