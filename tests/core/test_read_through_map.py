"""The server reads SQLite through a memory map; other commands do not map the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.backends.sqlite3.base import DatabaseWrapper

from coffeechat.core.database import MMAP_BYTES, _map_reads, read_through_map
from coffeechat.lib.dbconfig import sqlite_settings


def mmap_size_of_a_new_connection(path: Path) -> int:
    settings = {**connections.settings[DEFAULT_DB_ALIAS], **sqlite_settings(path)}  # as Django fills them
    database = DatabaseWrapper(settings, alias="mapped")
    try:
        with database.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            return int(cursor.fetchone()[0])
    finally:
        database.close()


def test_connections_map_the_file_once_the_server_asks_and_not_before(
    tmp_path: Path, django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "coffeechat.sqlite3"
    # After a browser test, Playwright's event loop is still set on this thread, and Django would
    # take connecting here for work inside it; nothing here runs in that loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():  # a database of its own, beside the test database
        # A command reads once: mapped pages would count in its memory for nothing.
        assert mmap_size_of_a_new_connection(path) == 0
        read_through_map()
        try:
            assert mmap_size_of_a_new_connection(path) == MMAP_BYTES  # this SQLite allows it
        finally:
            connection_created.disconnect(_map_reads, dispatch_uid="sqlite-mmap")
        assert mmap_size_of_a_new_connection(path) == 0
