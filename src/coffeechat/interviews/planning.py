"""Fitting questions into the time slot, with the question about whom else to talk to near the end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

REFERRAL_THEME = "referrals"
WRAP_UP_MINUTES = 3  # greeting, thanks and goodbye take time too


@dataclass(frozen=True)
class Item:
    key: int
    theme: str
    minutes: int
    research_first: bool = False


def order_plan(items: Sequence[Item]) -> list[Item]:
    """The chosen questions in order, the referral questions moved to the end."""
    return [i for i in items if i.theme != REFERRAL_THEME] + [i for i in items if i.theme == REFERRAL_THEME]


def total_minutes(items: Sequence[Item]) -> int:
    return sum(i.minutes for i in items) + WRAP_UP_MINUTES


def suggest_plan(bank: Sequence[Item], slot_minutes: int) -> list[Item]:
    """A balanced plan for the slot: one question per theme in turn, nothing to look up first,
    and always room for whom else to talk to."""
    referrals = [i for i in bank if i.theme == REFERRAL_THEME]
    budget = slot_minutes - WRAP_UP_MINUTES - sum(i.minutes for i in referrals)
    by_theme: dict[str, list[Item]] = {}
    for item in bank:
        if item.theme != REFERRAL_THEME and not item.research_first:
            by_theme.setdefault(item.theme, []).append(item)
    chosen: list[Item] = []
    round_ = 0
    while budget > 0 and any(len(q) > round_ for q in by_theme.values()):
        for questions in by_theme.values():
            if len(questions) > round_ and questions[round_].minutes <= budget:
                chosen.append(questions[round_])
                budget -= questions[round_].minutes
        round_ += 1
    keys = {i.key for i in chosen}
    return order_plan([i for i in bank if i.key in keys] + referrals)
