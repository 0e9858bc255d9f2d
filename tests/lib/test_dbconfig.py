import sqlite3
from pathlib import Path

import pytest

from coffeechat.lib.dbconfig import parse_db_settings
from coffeechat.lib.env import EnvError

DATA = Path("/data")


def test_it_defaults_to_sqlite_with_wal_and_immediate_transactions() -> None:
    db = parse_db_settings(None, DATA)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/data/coffeechat.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "busy_timeout" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_sqlite_settings_work_on_a_new_file(tmp_path: Path) -> None:
    db = parse_db_settings(None, tmp_path)
    connection = sqlite3.connect(db["NAME"])
    try:
        connection.executescript(db["OPTIONS"]["init_command"])
        pragma = lambda name: connection.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert (pragma("journal_mode"), pragma("foreign_keys"), pragma("busy_timeout")) == ("wal", 1, 20000)
    finally:
        connection.close()


def test_it_reads_a_postgresql_url() -> None:
    db = parse_db_settings("postgresql://cc:p%40ss@db.internal:5433/coffee?sslmode=require", DATA)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("coffee", "cc", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "5433")
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_it_reads_sqlite_urls_with_absolute_and_relative_paths() -> None:
    assert parse_db_settings("sqlite:////srv/cc.db", DATA)["NAME"] == "/srv/cc.db"
    assert parse_db_settings("sqlite:///cc.db", DATA)["NAME"] == str(Path.cwd() / "cc.db")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://u@h/db", "unsupported scheme 'mysql'"),
        ("localhost:5432/db", "unsupported scheme"),
        ("postgresql://u@h:99999/db", "port"),
        ("postgresql://u@h:5432/", "database name"),
        ("sqlite://", "file path"),
    ],
)
def test_it_names_the_problem_with_a_malformed_url(url: str, problem: str) -> None:
    with pytest.raises(EnvError, match=f"COFFEECHAT_DATABASE_URL: .*{problem}"):
        parse_db_settings(url, DATA)
