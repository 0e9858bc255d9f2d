"""The time the conversation rules see: the real clock, or one a test moves.

Follow-ups, thank-yous and check-ins fall due with time. A browser test cannot wait months, and
back-dating rows would test something other than what a user does, so when
`COFFEECHAT_CLOCK_FILE` names a file holding an ISO date and time, that is "now". Nobody sets
it in real use; the test suite does, for the server it starts.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    path = settings.CLOCK_FILE
    if path:
        try:
            text = Path(path).read_text().strip()
        except OSError:
            text = ""
        if text:
            moment = datetime.fromisoformat(text)
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    return timezone.now()


def localdate() -> date:
    return timezone.localdate(now())
