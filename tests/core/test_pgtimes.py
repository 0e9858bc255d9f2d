"""PostgreSQL moments are read by psycopg's compiled loader, and read back as they were written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import connection

from coffeechat.core.pgtimes import CompiledTimestamptzLoader, use_compiled_timestamps

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's loaders")

MOMENTS = [
    datetime(2026, 11, 29, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(1970, 1, 1, tzinfo=UTC),
    datetime(2031, 3, 30, 1, 30, tzinfo=ZoneInfo("Europe/Berlin")),  # the night the clocks change
    datetime(2024, 2, 29, 12, 0, 0, 5, tzinfo=timezone(timedelta(hours=-9, minutes=-30))),
    datetime(1, 1, 1, 0, 0, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
]


def test_moments_read_back_as_written_in_utc(db: None) -> None:
    users = [
        User.objects.create_user(f"user{n}", last_login=moment, date_joined=moment)
        for n, moment in enumerate(MOMENTS)
    ]
    read = dict(User.objects.filter(pk__in=[u.pk for u in users]).values_list("username", "last_login"))
    for n, moment in enumerate(MOMENTS):
        assert read[f"user{n}"] == moment
        assert read[f"user{n}"].tzinfo is UTC
    with connection.cursor() as cursor:  # raw SQL too, and an empty value
        cursor.execute("SELECT %s::timestamptz, NULL::timestamptz", [MOMENTS[2]])
        assert cursor.fetchone() == (MOMENTS[2], None)
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, as text
    assert loader is CompiledTimestamptzLoader


def test_a_session_in_another_zone_keeps_djangos_loader() -> None:
    class Untouched:
        def __getattr__(self, name: str) -> None:
            raise AssertionError(f"the connection's {name} was touched")

    for zone in (ZoneInfo("Europe/Berlin"), None):  # the database's own zone; USE_TZ off
        elsewhere = SimpleNamespace(vendor="postgresql", timezone=zone, connection=Untouched())
        use_compiled_timestamps(elsewhere)
    berlin = SimpleNamespace(info=SimpleNamespace(timezone=ZoneInfo("Europe/Berlin")), adapters=Untouched())
    use_compiled_timestamps(SimpleNamespace(vendor="postgresql", timezone=UTC, connection=berlin))
