"""The community's rules about requests, as pure functions: who may ask whom, whether a volunteer
has room this month, and when an unanswered request is reminded and expires.

Nothing here reads the database; the callers count and lock (requests.py), so the same rules hold
for the pages, the commands and the scheduled work, and are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Rules:
    open_requests_per_member: int = 3
    remind_after: timedelta = timedelta(days=7)
    expire_after_reminder: timedelta = timedelta(days=3)


@dataclass(frozen=True)
class Room:
    """Whether a volunteer can take another request now, and the words a member reads."""

    open: bool
    why: str
    left: int  # requests left this month (0 when paused)


def month_start(today: date) -> date:
    return today.replace(day=1)


def room(
    cap: int, asked_this_month: int, paused_until: date | None, today: date, listed: bool = True
) -> Room:
    """Room this month: paused until a date, full (the cap counts every request received this
    calendar month, answered or not), or how many are left."""
    if not listed:
        return Room(False, "not taking requests", 0)
    if paused_until is not None and paused_until >= today:
        return Room(False, f"paused until {paused_until:%-d %B}", 0)
    left = max(0, cap - asked_this_month)
    if left == 0:
        return Room(False, "full this month", 0)
    return Room(True, f"room for {left} more this month", left)


@dataclass(frozen=True)
class Asking:
    """What is known when a member asks: checked by `refusal` before anything is written."""

    has_pitch: bool
    has_exploration: bool
    serious_flags: tuple[str, ...]  # the checker's serious findings on the message
    own_profile: bool  # asking oneself
    open_with_volunteer: bool
    open_requests: int
    volunteer_room: Room


def refusal(asking: Asking, rules: Rules) -> str | None:
    """Why this request cannot be sent, in words for the member; None when it can."""
    if asking.own_profile:
        return "This is your own profile."
    if not asking.has_pitch:
        return "Write your pitch first: two or three sentences on who you are and what you are exploring."
    if not asking.has_exploration:
        return "Choose which of your explorations this conversation is for."
    if asking.serious_flags:
        return "Fix this in your message first: " + "; ".join(asking.serious_flags)
    if asking.open_with_volunteer:
        return "You already have a request waiting with this volunteer."
    if rules.open_requests_per_member < 1:
        return "Requests are closed in this community for now."
    if asking.open_requests >= rules.open_requests_per_member:
        waiting = "1 request" if asking.open_requests == 1 else f"{asking.open_requests} requests"
        return f"You have {waiting} waiting, the most at once here; wait for an answer or withdraw one."
    if not asking.volunteer_room.open:
        return f"This volunteer is {asking.volunteer_room.why}; try another."
    return None


def next_step(created: datetime, reminded: datetime | None, now: datetime, rules: Rules) -> str | None:
    """For an open request: "remind" once after `remind_after`, "expire" after the reminder's
    wait; None while it is not yet time. A request never expires without its reminder first."""
    if reminded is None:
        return "remind" if now - created >= rules.remind_after else None
    return "expire" if now - reminded >= rules.expire_after_reminder else None
