"""Today by email: sent at the user's hour when something is newly due, never again for the same
item, again for a new one or one snoozed and due again; `coffeechat today --email`."""

import io
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from coffeechat.conversations.digest import claim_day, send_due_digests
from coffeechat.conversations.models import Meeting, Message, PipelineEntry, TodayDecision
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.outreach.models import Digest, Profile

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")
NUDGE = "Send Ana Ruiz one polite follow-up"


@pytest.fixture
def at(settings: Any, tmp_path: Path) -> Callable[[str], None]:
    """Moves the clock the rules and the digest read; mail goes to the test outbox."""
    settings.EMAIL_HOST = "mail.example.org"
    settings.PUBLIC_URL = "https://coffee.example.org"
    settings.TIME_ZONE = "UTC"
    settings.CLOCK_FILE = str(tmp_path / "now")

    def move(moment: str) -> None:
        (tmp_path / "now").write_text(f"{moment}+00:00")

    return move


def waiting_on_ana(owner: User, make_person: Callable[..., Person]) -> Person:
    """A request sent on Monday 2 November 2026: the nudge is due on Wednesday 11th."""
    ana = make_person(owner, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=owner, text="UX research")
    PipelineEntry.objects.create(exploration=exploration, person=ana, stage="request_sent")
    Message.objects.create(
        owner=owner,
        person=ana,
        exploration=exploration,
        kind="direct_request",
        body="…",
        sent=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
    )
    return ana


def digests_at(at: Callable[[str], None], moment: str) -> list[str]:
    """The digests the hourly job sends at `moment`, as 'to: subject'."""
    mail.outbox.clear()
    at(moment)
    send_due_digests()
    return [f"{m.to[0]}: {m.subject}" for m in mail.outbox]


def test_the_digest_comes_at_the_users_hour_only_with_something_newly_due(
    at: Callable[[str], None], user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    Profile.objects.create(owner=user, email="alex@example.org", digest=True, digest_hour=8)
    Profile.objects.create(owner=other_user, email="sam@example.org", digest=False)
    waiting_on_ana(user, make_person)
    waiting_on_ana(other_user, make_person)
    assert digests_at(at, "2026-11-11T07:30") == []  # before the hour
    assert digests_at(at, "2026-11-11T08:05") == [f"alex@example.org: Today: {NUDGE}"]
    [sent] = mail.outbox
    assert f"- {NUDGE}\n  https://coffee.example.org/people/" in sent.body
    assert "https://coffee.example.org/profile/" in sent.body and sent.alternatives
    assert digests_at(at, "2026-11-11T09:05") == []  # one a day
    assert digests_at(at, "2026-11-12T08:05") == []  # the same item, left waiting: no news
    ana = Person.objects.get(owner=user)
    held = datetime(2026, 11, 12, 15, 0, tzinfo=UTC)
    Meeting.objects.create(owner=user, person=ana, starts=held, held=held)
    [news] = digests_at(at, "2026-11-13T08:05")
    assert news == "alex@example.org: Today: 1 thank-you, 1 reflection to write newly due"
    new = mail.outbox[0].body
    assert "Thank Ana Ruiz (within 24 hours)" in new and NUDGE not in new
    assert "Also due: 1 follow-up." in new
    # Snoozed past the day a digest carried it, the follow-up is news when it is due again.
    TodayDecision.objects.create(owner=user, key=f"nudge:{PipelineEntry.objects.get(person=ana).pk}")
    TodayDecision.objects.filter(owner=user).update(snoozed_until=date(2026, 11, 16))
    assert digests_at(at, "2026-11-14T08:05") == []
    assert digests_at(at, "2026-11-16T08:05") == [f"alex@example.org: Today: {NUDGE}"]
    assert not any("sam@" in m.to[0] for m in mail.outbox)  # the digest off: never


def test_the_command_sends_now_and_says_why_not(
    at: Callable[[str], None], settings: Any, user: User, make_person: Callable[..., Person]
) -> None:
    Profile.objects.create(owner=user, email="alex@example.org", digest_email="alex@work.example.org")
    waiting_on_ana(user, make_person)
    at("2026-11-11T06:00")

    def today_by_email() -> dict[str, Any]:
        out = io.StringIO()
        call_command("today", "--email", "--json", stdout=out)
        return json.loads(out.getvalue())

    # The hourly job sending this very moment holds the day: no second mail.
    assert claim_day(user.pk, date(2026, 11, 11))
    already = {"sent": False, "reason": "already sent today", "to": ""}
    assert today_by_email() == already and mail.outbox == []
    Digest.objects.update(sent=False, outcome="nothing newly due")  # it ran and sent nothing
    assert today_by_email() == {
        "sent": True,
        "reason": "1 follow-up newly due",
        "to": "alex@work.example.org",
    }
    assert [m.to for m in mail.outbox] == [["alex@work.example.org"]]
    assert today_by_email() == already
    assert digests_at(at, "2026-11-11T09:00") == []  # the day's digest was had
    settings.EMAIL_HOST = ""
    at("2026-11-12T06:00")
    with pytest.raises(CommandError, match="Mail cannot be sent yet: connect your own mail server"):
        call_command("today", "--email", stdout=io.StringIO())
    assert not Digest.objects.filter(on=date(2026, 11, 12)).exists()  # the hourly job tries again
