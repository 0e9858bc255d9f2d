"""Follow-up discipline in business days: when to ask the next person, nudge once, or stop.

Plain dates in, plain actions out; no database. Weekends are skipped, and so are the days off
the caller passes (the public holidays of the user's country: outreach/days_off.py), as a set of
dates or a test of a date; none by default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

DaysOff = frozenset[date] | Callable[[date], bool] | None


@dataclass(frozen=True)
class Rules:
    next_person_after: int = 3  # business days without a reply before asking the next person there
    nudge_after: int = 7  # business days without a reply before the one polite nudge
    give_up_after_nudge: int = 5  # business days (a week) after the nudge: mark "no answer"
    cool_down_days: int = 90  # calendar days before asking the same person again


@dataclass(frozen=True)
class Thread:
    """One request to one person, as far as the rules care."""

    person_id: int
    exploration_id: int
    requested_on: date
    nudged_on: date | None = None
    replied: bool = False


@dataclass(frozen=True)
class Action:
    kind: str  # "next_person", "nudge", "give_up"
    person_id: int
    exploration_id: int
    due: date


def business_day_test(days_off: DaysOff = None) -> Callable[[date], bool]:
    """Whether a date is a business day: a weekday that is not one of `days_off`."""
    if days_off is None:
        return lambda day: day.weekday() < 5
    off = days_off.__contains__ if isinstance(days_off, frozenset) else days_off
    return lambda day: day.weekday() < 5 and not off(day)


def add_business_days(start: date, days: int, days_off: DaysOff = None) -> date:
    """The date `days` business days after `start`: Friday + 1 is Monday (Tuesday when that
    Monday is a day off)."""
    is_business_day = business_day_test(days_off)
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, days_off: DaysOff = None) -> int:
    """Business days after `start` up to and including `end` (0 when end is not later)."""
    is_business_day = business_day_test(days_off)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current):
            count += 1
    return count


def due_actions(
    thread: Thread, today: date, rules: Rules = Rules(), days_off: DaysOff = None
) -> list[Action]:
    """What is due on this request today or earlier, at most one nudge ever."""
    if thread.replied:
        return []

    def action(kind: str, due: date) -> Action:
        return Action(kind, thread.person_id, thread.exploration_id, due)

    if thread.nudged_on is not None:
        give_up = add_business_days(thread.nudged_on, rules.give_up_after_nudge, days_off)
        return [action("give_up", give_up)] if give_up <= today else []
    actions = []
    next_person = add_business_days(thread.requested_on, rules.next_person_after, days_off)
    if next_person <= today:
        actions.append(action("next_person", next_person))
    nudge = add_business_days(thread.requested_on, rules.nudge_after, days_off)
    if nudge <= today:
        actions.append(action("nudge", nudge))
    return actions


def may_ask_again(last_asked: date | None, today: date, rules: Rules = Rules()) -> bool:
    return last_asked is None or (today - last_asked).days >= rules.cool_down_days
