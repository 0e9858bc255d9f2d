"""Every `coffeechat` command works as the very first one on a new data directory.

Only `serve` used to migrate; `coffeechat createuser NAME` first ended in "no such table:
auth_user". Now the console script migrates before any command that needs the database (cli.py).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import get_commands
from django.db import connections
from django.db.utils import load_backend

from coffeechat import cli
from coffeechat.core import database
from coffeechat.lib.dbconfig import sqlite_settings
from tests.processes import ONCE_PER_SUITE, ONCE_PER_SUITE_HERE

VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nN:Lovelace;Ada;;;\nEND:VCARD\n"
# How each command is run first; one not named here runs without arguments.
EXAMPLES = {
    "createuser": ["robin", "--password-stdin"],
    "deleteaccount": ["robin", "--yes"],
    "people": ["list"],
    "search": ["ada"],
    "explore": ["list"],
    "suggest": ["1"],
    "path": ["1"],
    "questions": ["list"],
    "meetings": ["list"],
    "give-backs": ["list"],
    "imports": ["list"],
    "import": ["{folder}/contacts.vcf"],
    "restore": ["{folder}/backup.json"],
    "export": ["--format", "csv"],
    "bench": ["people", "--people", "0"],
    "community": ["worker", "--once"],
    "mail": ["status"],
    "axes_reset_username": ["robin"],
    "axes_reset_ip": ["10.0.0.1"],
    "axes_reset_ip_username": ["10.0.0.1", "robin"],
}
# Never uses the configured database (a new SQLite data directory each time).
pytestmark = pytest.mark.skipif(not ONCE_PER_SUITE_HERE, reason=ONCE_PER_SUITE)
# Runs until stopped; tests/core/test_reverse_proxy.py starts it on a new data directory.
NOT_RUN_HERE = {"serve"}
# django-axes' commands too: they unlock a sign-in (README) and must work on a new install.
COMMANDS = sorted(
    name for name, app in get_commands().items() if app.startswith("coffeechat.") or app == "axes"
)


@pytest.fixture(scope="module")
def first_install(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`coffeechat createuser robin --password-stdin` as the first command on a new data directory."""
    data_dir = tmp_path_factory.mktemp("first") / "data"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "createuser", "robin", "--password-stdin"],
        input="tea and biscuits 99\n",
        env=environ | {"COFFEECHAT_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, data_dir


def test_createuser_works_as_the_first_command(
    first_install: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, _ = first_install
    assert result.returncode == 0, result.stderr
    assert "Created the account 'robin'." in result.stdout
    assert "Traceback" not in result.stderr and "before-update" not in result.stderr


@pytest.fixture
def empty_database(
    first_install: tuple[subprocess.CompletedProcess[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_db_blocker: Any,
) -> Iterator[Path]:
    """The default database swapped for a new, empty SQLite file for the test's length.

    Migrating takes seconds, so here "migrating" copies in the database the real first command
    above made: a command that runs before it still meets the empty file.
    """
    migrated = first_install[1] / "coffeechat.sqlite3"
    path = tmp_path / "coffeechat.sqlite3"
    db_settings = connections.configure_settings({"default": sqlite_settings(path)})["default"]
    original = connections["default"]
    connections["default"] = load_backend(db_settings["ENGINE"]).DatabaseWrapper(db_settings, "default")

    def copy_migrated() -> None:
        connections["default"].close()
        with sqlite3.connect(migrated) as source, sqlite3.connect(path) as target:
            source.backup(target)

    monkeypatch.setattr(database, "ensure_migrated", copy_migrated)
    # Once a browser test has run, Playwright's event loop stays set on this thread, and Django
    # takes opening and closing this new connection for work inside it. Nothing here is async.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with django_db_blocker.unblock():
            yield path
    finally:
        connections["default"].close()
        connections["default"] = original


def test_every_command_is_run_here_or_said_why_not() -> None:
    assert "createuser" in COMMANDS and "people" in COMMANDS
    # No example kept for a command that is gone.
    assert (NOT_RUN_HERE | EXAMPLES.keys()) - set(COMMANDS) == set()


@pytest.mark.parametrize("name", [name for name in COMMANDS if name not in NOT_RUN_HERE])
def test_every_command_works_as_the_first_one(
    name: str,
    empty_database: Path,
    tmp_path: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "contacts.vcf").write_text(VCARD)
    (tmp_path / "backup.json").write_text("{}")
    monkeypatch.setattr(sys, "stdin", io.StringIO("tea and biscuits 99\n"))
    args = [arg.format(folder=tmp_path) for arg in EXAMPLES.get(name, [])]
    try:
        cli.main(["coffeechat", name, *args])
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    out, err = capsys.readouterr()
    assert code != 2, f"`coffeechat {name}` needs arguments: add how to run it to EXAMPLES\n{err}"
    assert "no such table" not in out + err and "Traceback" not in err, err


# Run in a new process: django.setup(), then `coffeechat --help`, then `coffeechat people list
# --json`, printing after each which of the heavy libraries are loaded (the last line, as JSON).
LIGHT_START = """
import json, os, sys
import django
from coffeechat import cli
HEAVY = ("networkx", "numpy", "model2vec")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
loaded = {}
django.setup()
loaded["django.setup()"] = [name for name in HEAVY if name in sys.modules]
for args in (["--help"], ["people", "list", "--json"]):
    try:
        cli.main(["coffeechat", *args])
    except SystemExit:
        pass
    loaded["coffeechat " + " ".join(args)] = [name for name in HEAVY if name in sys.modules]
sys.stdout.flush()
print("\\n" + json.dumps(loaded))
"""


def test_commands_that_need_no_model_start_without_loading_it(
    first_install: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """networkx, numpy and the model take a noticeable part of a second to load: only the
    commands that rank or find paths may pay for them (issue 13, point 4)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    result = subprocess.run(
        [sys.executable, "-c", LIGHT_START],
        env=environ | {"COFFEECHAT_DATA_DIR": str(first_install[1])},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "django.setup()": [],
        "coffeechat --help": [],
        "coffeechat people list --json": [],
    }
