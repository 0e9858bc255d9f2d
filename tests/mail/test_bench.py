"""`coffeechat bench mail` at a tiny size: both syncs measured, sizes that do not fit refused, and
nothing left behind, also when stopped midway."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from coffeechat.mail.dovecot import Dovecot


def test_bench_mail_times_the_first_and_an_incremental_sync(dovecot: Dovecot, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the mail bench is run once, on SQLite: its throwaway database is most of its time")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(scratch)}
    run = subprocess.run(
        [sys.executable, "-m", "coffeechat", "bench", "mail", "--messages", "60", "--replies", "6", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    first, incremental = json.loads(run.stdout)["syncs"]
    assert (first["report"]["read"], first["report"]["replies"]) == (60, 6)
    assert (incremental["report"]["read"], incremental["report"]["replies"]) == (100, 6)
    assert first["seconds"] > 0 and 0 < first["above_idle_mb"] < first["peak_rss_mb"]
    assert list(scratch.iterdir()) == []  # the throwaway database is gone (Dovecot's folder: below)


def test_bench_mail_refuses_a_mailbox_the_disk_cannot_hold() -> None:
    with pytest.raises(CommandError, match="is free: try fewer --messages"):
        call_command("bench", "mail", "--messages", str(10**12))


def test_a_private_dovecot_stopped_by_ctrl_c_leaves_nothing_behind(dovecot: Dovecot) -> None:
    with pytest.raises(KeyboardInterrupt), Dovecot() as server:
        folder, pid = server.root, server.pid
        raise KeyboardInterrupt
    assert not folder.exists()
    assert pid and not Path(f"/proc/{pid}").exists()  # stopped, with the processes it started
