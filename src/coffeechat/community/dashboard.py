"""The staff dashboard's arithmetic, pure: medians, rates, groups too small to show, months.

The queries (community/figures.py) count in the database and hand plain numbers here; nothing in
this module reads a table, so it is tested without one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

SMALLEST_GROUP = 5  # a group of fewer people is never shown on its own: its rates would name them
SUPPRESSED = "fewer than 5"


def median_positions(count: int) -> tuple[int, int]:
    """The 0-based positions, in sorted order, whose mean is the median of `count` values (the
    database reads just those rows, so no list of every value is ever made)."""
    if count <= 0:
        raise ValueError("no median of nothing")
    middle = count // 2
    return (middle, middle) if count % 2 else (middle - 1, middle)


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    low, high = median_positions(len(ordered))
    return (ordered[low] + ordered[high]) / 2


def rate(part: int, whole: int) -> float | None:
    """part / whole as a fraction, or None when there is nothing to divide (shown as a dash)."""
    return part / whole if whole else None


def percent(fraction: float | None) -> str:
    return "–" if fraction is None else f"{round(fraction * 100)}%"


def duration_words(delta: timedelta | None) -> str:
    """'3.5 days', '5 hours', '40 minutes'; a dash for none."""
    if delta is None:
        return "–"
    hours = delta.total_seconds() / 3600
    if hours >= 48:
        return f"{hours / 24:.1f} days"
    if hours >= 1:
        return f"{hours:.0f} hours" if hours >= 2 else "1 hour"
    minutes = max(round(hours * 60), 1)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


@dataclass(frozen=True)
class GroupFigures:
    group: str
    people: int  # members in the group who asked
    sent: int
    answered: int
    accepted: int

    @property
    def shown(self) -> bool:
        return self.people >= SMALLEST_GROUP

    @property
    def answer_rate(self) -> float | None:
        return rate(self.answered, self.sent) if self.shown else None

    @property
    def acceptance_rate(self) -> float | None:
        return rate(self.accepted, self.sent) if self.shown else None

    def cells(self) -> tuple[str, str, str, str, str]:
        """What a table or a CSV row shows: counts only for a group of five or more people."""
        if not self.shown:
            return (self.group, SUPPRESSED, "", "", "")
        return (
            self.group,
            str(self.people),
            str(self.sent),
            percent(self.answer_rate),
            percent(self.acceptance_rate),
        )


def groups_shown(groups: Iterable[GroupFigures]) -> list[GroupFigures]:
    """Groups by name; a small group keeps its name and says "fewer than 5", nothing more."""
    return sorted(groups, key=lambda g: g.group.lower())


def month_start(moment: date | datetime) -> date:
    return date(moment.year, moment.month, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from first to last, both included, so a month without requests shows as 0."""
    months, current = [], month_start(first)
    end = month_start(last)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class Month:
    month: date
    sent: int = 0
    answered: int = 0
    accepted: int = 0
    expired: int = 0
    declined: int = 0

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


def monthly(rows: Iterable[Month], *, last: date, at_least: int = 12) -> list[Month]:
    """One entry per month, newest first, from the first month with requests (or `at_least`
    months back) to `last`; months the database had no rows for are zeros."""
    by_month = {month_start(row.month): row for row in rows}
    first = month_start(last)
    for _ in range(at_least - 1):
        first = month_start(first - timedelta(days=1))
    if by_month:
        first = min(first, min(by_month))
    return [by_month.get(m, Month(m)) for m in reversed(months_between(first, last))]


def over_cap(asked_this_month: int, cap: int) -> bool:
    """At or over the monthly cap: nobody more can ask this month."""
    return asked_this_month >= cap
