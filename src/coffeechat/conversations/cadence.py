"""When to check in with someone met: plain dates in, the next due date out. No database.

By default three times in the first year after the first meeting (every four months), then
twice a year; every interaction (a message, a meeting, a check-in, a give-back) restarts the
count. A person can have their own interval in months, or none at all.
"""

from __future__ import annotations

import calendar
from datetime import date

FIRST_YEAR_MONTHS = 4
LATER_MONTHS = 6


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval_months(first_met: date, last_interaction: date, every_months: int | None = None) -> int:
    if every_months:
        return every_months
    return FIRST_YEAR_MONTHS if last_interaction < add_months(first_met, 12) else LATER_MONTHS


def next_check_in(first_met: date, last_interaction: date, every_months: int | None = None) -> date:
    """The day a check-in falls due, counted from the last interaction."""
    return add_months(last_interaction, interval_months(first_met, last_interaction, every_months))


def check_in_due(
    first_met: date, last_interaction: date, today: date, every_months: int | None, skipped: set[date]
) -> date | None:
    """The check-in due on or before today, skipping the ones the user dismissed; None if none."""
    due = next_check_in(first_met, last_interaction, every_months)
    while due in skipped:
        due = next_check_in(first_met, due, every_months)
    return due if due <= today else None
