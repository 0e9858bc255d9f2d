"""What was last said with a person outside the app's own requests, and whether they answered.

Pure: built from the latest time each side wrote (mail read from the mailbox, LinkedIn messages
and invitations: conversations' Interactions), read in one query for many people at once.

- They answered when they wrote after the user's last message (a reply, a later message, an
  invitation they sent or accepted after it). When only they ever wrote, they reached out: that
  counts as answered too, for ranking.
- Waiting: the user wrote last, within WAITING (90 days), and they have not written since.
  Older silence is only said, it lowers nothing: people come back to old threads.

Ranking (explore/ranking.py): answered before raises a suggestion a little (x1.1); waiting
lowers it (x0.7) and the courtesy check warns before a first request (conversations/messaging.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

WAITING = timedelta(days=90)
CHANNELS = {"linkedin": "LinkedIn", "email": "email"}


@dataclass(frozen=True)
class PastTalk:
    last_sent: datetime | None  # when the user last wrote to them
    last_received: datetime | None  # when they last wrote to the user
    sent_channel: str = ""  # "linkedin" or "email": where the user last wrote

    @property
    def answered(self) -> bool:
        if self.last_received is None:
            return False
        return self.last_sent is None or self.last_received > self.last_sent

    def waiting(self, now: datetime) -> bool:
        """The user wrote recently and has had no answer since."""
        return self.last_sent is not None and not self.answered and now - self.last_sent <= WAITING


def summarize(rows: list[tuple[int, str, str, datetime]]) -> dict[int, PastTalk]:
    """(person id, direction "sent"/"received", channel, latest time) rows into each person's talk."""
    sent: dict[int, tuple[datetime, str]] = {}
    received: dict[int, datetime] = {}
    for pid, direction, channel, at in rows:
        if direction == "sent":
            if pid not in sent or at > sent[pid][0]:
                sent[pid] = (at, channel)
        elif pid not in received or at > received[pid]:
            received[pid] = at
    return {
        pid: PastTalk(
            sent[pid][0] if pid in sent else None,
            received.get(pid),
            sent[pid][1] if pid in sent else "",
        )
        for pid in sent.keys() | received.keys()
    }


def _month(at: datetime) -> str:
    return f"{at:%B %Y}"


def _day(at: datetime | date, today: date) -> str:
    return f"{at:%-d %b}" if at.year == today.year else f"{at:%-d %b %Y}"


def phrase(talk: PastTalk, now: datetime, name: str = "them") -> str:
    """ "you last wrote to them in March 2023; they answered", for a reason or the person page."""
    who = "they" if name == "them" else name
    if talk.last_sent is None:
        return f"{who} last wrote to you in {_month(talk.last_received)}" if talk.last_received else ""
    if talk.answered:
        return f"you last wrote to {name} in {_month(talk.last_sent)}; {who} answered"
    if talk.waiting(now):
        where = f" on {CHANNELS.get(talk.sent_channel, talk.sent_channel)}" if talk.sent_channel else ""
        has = "have" if who == "they" else "has"
        day = _day(talk.last_sent, now.date())
        return f"you wrote to {name}{where} on {day} and {who} {has} not answered yet"
    return f"you last wrote to {name} in {_month(talk.last_sent)}; no answer"
