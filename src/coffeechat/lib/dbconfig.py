"""Choosing the database: SQLite in the data directory unless a URL says otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from coffeechat.lib.env import EnvError

VARIABLE = "COFFEECHAT_DATABASE_URL"
POSTGRES_SCHEMES = frozenset({"postgres", "postgresql", "pgsql"})
SQLITE_FILENAME = "coffeechat.sqlite3"


def sqlite_settings(path: Path) -> dict[str, Any]:
    # WAL lets the web server read while a command writes; IMMEDIATE transactions take the
    # write lock up front so two writers queue on busy_timeout instead of failing mid-way
    # with "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # Each server thread keeps its connection between requests instead of opening the file
        # and running the PRAGMAs above for every one.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
    }


def parse_db_settings(url: str | None, data_dir: Path) -> dict[str, Any]:
    """Django DATABASES["default"] for a COFFEECHAT_DATABASE_URL value (None: the default)."""
    if url is None:
        return sqlite_settings(data_dir / SQLITE_FILENAME)

    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise EnvError(VARIABLE, f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()

    if scheme == "sqlite":
        # sqlite:////absolute/path.sqlite3 (four slashes) or sqlite:///relative.sqlite3:
        # the first slash after the empty host separates it from the path.
        raw_path = unquote(parts.path)[1:]
        if not raw_path:
            raise EnvError(VARIABLE, "a sqlite URL needs a file path, e.g. sqlite:////srv/cc.db")
        path = Path(raw_path)
        return sqlite_settings(path if path.is_absolute() else Path.cwd() / path)

    if scheme not in POSTGRES_SCHEMES:
        shown = scheme or "(none)"
        raise EnvError(
            VARIABLE,
            f"unsupported scheme {shown!r}; use postgresql://user:password@host:port/dbname "
            "or sqlite:////path/to/file.sqlite3",
        )
    try:
        port = parts.port
    except ValueError:
        raise EnvError(VARIABLE, "the port is not a number between 1 and 65535") from None
    name = unquote(parts.path.lstrip("/"))
    if not name or "/" in name:
        raise EnvError(VARIABLE, "the URL must end with the database name, e.g. .../coffeechat")
    options = dict(parse_qsl(parts.query, keep_blank_values=False))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": unquote(parts.hostname or ""),
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
