import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor


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
