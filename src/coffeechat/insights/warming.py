"""Each account's insights worked out once at start, so that no worker's first visit to insights or
the report splits every answer into phrases and looks for every name in every note (about half a
second at 500 conversations). What is kept is keyed by the texts themselves (aggregate.py,
phrases.py), so an edit made later is read afresh, never shown stale."""

from __future__ import annotations

import threading

from django.contrib.auth import get_user_model
from django.db import connections

from coffeechat.conversations.models import Meeting
from coffeechat.insights.data import comparison, conversations, recurring_items


def warm_up(*, wait: bool = False) -> None:
    """In the background unless `wait` (serve waits before worker processes fork, so they share it)."""
    if wait:
        _read_every_account()
    else:
        threading.Thread(target=_read_in_background, name="coffeechat-insights", daemon=True).start()


def _read_in_background() -> None:
    try:
        _read_every_account()
    finally:
        connections.close_all()  # this thread's own


def _read_every_account() -> None:
    held = Meeting.objects.filter(held__isnull=False).order_by().values("owner_id")
    for user in get_user_model().objects.filter(pk__in=held):
        talks = conversations(user)
        recurring_items(user, talks)
        comparison(user, talks)
