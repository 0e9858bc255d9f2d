"""What each worker's first request thread does before the worker takes requests.

A new database connection pays on its first queries for what PostgreSQL reads once per connection
(the catalogs, the columns' statistics, the plans' lookups): about 20 ms more on the first
suggestions page at 100,000 people. The model and the titles' vectors are loaded before the
workers fork and shared; a connection cannot be (each worker opens its own), so each worker's
first thread opens its own and asks the suggestions' questions once. Only reading: Today, for one,
would also mark past meetings held.
"""

from __future__ import annotations

import logging

from coffeechat.explore.models import Exploration
from coffeechat.explore.suggest import suggest_people

log = logging.getLogger(__name__)


def warm_up_connection() -> None:
    try:
        exploration = Exploration.objects.select_related("owner").order_by("-pk").first()
        if exploration is not None:
            suggest_people(exploration)
    except Exception:  # a warm-up never stops a worker: its first request pays instead
        log.warning("warming up the database connection failed", exc_info=True)
