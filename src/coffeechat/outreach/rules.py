"""Follow-up discipline in business days: when to ask the next person, nudge once, or stop.

Plain dates in, plain actions out; no database. Weekends are skipped (holidays are not known).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


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


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start`: Friday + 1 is Monday."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 when end is not later)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    return count


def due_actions(thread: Thread, today: date, rules: Rules = Rules()) -> list[Action]:
    """What is due on this request today or earlier, at most one nudge ever."""
    if thread.replied:
        return []

    def action(kind: str, due: date) -> Action:
        return Action(kind, thread.person_id, thread.exploration_id, due)

    if thread.nudged_on is not None:
        give_up = add_business_days(thread.nudged_on, rules.give_up_after_nudge)
        return [action("give_up", give_up)] if give_up <= today else []
    actions = []
    next_person = add_business_days(thread.requested_on, rules.next_person_after)
    if next_person <= today:
        actions.append(action("next_person", next_person))
    nudge = add_business_days(thread.requested_on, rules.nudge_after)
    if nudge <= today:
        actions.append(action("nudge", nudge))
    return actions


def may_ask_again(last_asked: date | None, today: date, rules: Rules = Rules()) -> bool:
    return last_asked is None or (today - last_asked).days >= rules.cool_down_days
