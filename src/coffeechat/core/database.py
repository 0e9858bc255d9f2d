import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.backends.signals import connection_created
from django.db.migrations.executor import MigrationExecutor

# The server reads the database through a memory map (SQLite's usual ceiling), shared by all its
# connections and worker processes: otherwise each connection copies the pages it reads into its
# own 2 MB cache, a system call each, and at 100,000 people the suggestions page spent 6-7 ms a
# request in the kernel doing so (system time over 40 requests 0.26-0.31 s, mapped 0.02-0.03 s),
# Today about 1.3 ms. Only the server: a command reads once, and the pages it maps count in its
# resident memory (a re-import of 100,000 rows peaked at 326 MB mapped, 281 MB not).
MMAP_BYTES = 0x7FFF0000


def read_through_map() -> None:
    """Every SQLite connection made from now on in this process (and its forks) maps the file."""
    connection_created.connect(_map_reads, dispatch_uid="sqlite-mmap")


def _map_reads(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")


def describe_database() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite at {db['NAME']}"
    return f"PostgreSQL {db['NAME']} on {db['HOST'] or 'local socket'}:{db['PORT'] or 5432}"


def ensure_migrated() -> Path | None:
    """Bring the database schema up to date, so any command works on a fresh install.

    An existing SQLite database is copied beside itself first (the path is printed and
    returned): a migration that goes wrong must never cost the user their network.
    """
    copy = None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            if executor.loader.applied_migrations:
                copy = copy_sqlite_database()
                if copy is not None:
                    sys.stderr.write(f"Before updating the database, a copy was kept at {copy}\n")
            call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(
            f"cannot use the database ({describe_database()}): {reason}; check COFFEECHAT_DATABASE_URL"
        ) from None
    return copy


def copy_sqlite_database() -> Path | None:
    """A consistent copy of the SQLite database beside it (SQLite's online backup); None elsewhere."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3") or not Path(db["NAME"]).exists():
        return None
    source = Path(db["NAME"])
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.before-update-{stamp}{source.suffix}")
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return target
