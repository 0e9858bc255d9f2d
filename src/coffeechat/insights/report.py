"""The report: what the conversations taught, for the web page, its Markdown and `coffeechat report`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.template.loader import render_to_string

from coffeechat.conversations.meetings import mark_past_meetings_held
from coffeechat.explore.models import Exploration
from coffeechat.insights.aggregate import Conversation, Recurring
from coffeechat.insights.data import comparison, conversations, recurring_items

SHOWN_ITEMS = 40


def coming_up(user: AbstractBaseUser, talks: list[Conversation], kind: str = "") -> list[Recurring]:
    """The items that keep coming up, of one kind or of all, as many as a page shows."""
    return [i for i in recurring_items(user, talks) if not kind or i.kind == kind][:SHOWN_ITEMS]


def report_context(user: AbstractBaseUser, exploration: Exploration | None, kind: str = "") -> dict[str, Any]:
    mark_past_meetings_held(user)  # a meeting whose end has passed counts as held
    talks = conversations(user, exploration)
    everything = talks if exploration is None else None
    rows = [
        r for r in comparison(user, everything) if exploration is None or r.exploration_id == exploration.pk
    ]
    return {"exploration": exploration, "talks": talks, "items": coming_up(user, talks, kind), "rows": rows}


def report_markdown(user: AbstractBaseUser, exploration: Exploration | None, kind: str = "") -> str:
    return render_to_string("insights/report.md", report_context(user, exploration, kind))
