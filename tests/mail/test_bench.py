"""`coffeechat bench mail` at a tiny size: both syncs measured, sizes that do not fit refused, and
nothing left behind, also when stopped midway."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from coffeechat.mail.bench import run_mail_bench
from coffeechat.mail.dovecot import Dovecot


@pytest.mark.skipif(connection.vendor != "postgresql", reason="its processes share the test database")
@pytest.mark.django_db(transaction=True)
def test_bench_mail_times_the_first_and_an_incremental_sync(dovecot: Dovecot) -> None:
    """The bench's own Dovecot and measuring processes, on the test database (the command makes a
    throwaway database first, which takes longer than the bench at this size)."""
    result = run_mail_bench(60, 6, lambda message: None)
    first, incremental = result["syncs"]
    assert (first["report"]["read"], first["report"]["replies"]) == (60, 6)
    assert (incremental["report"]["read"], incremental["report"]["replies"]) == (100, 6)
    assert first["seconds"] > 0 and 0 < first["above_idle_mb"] < first["peak_rss_mb"]


def test_bench_mail_refuses_a_mailbox_the_disk_cannot_hold() -> None:
    with pytest.raises(CommandError, match="is free: try fewer --messages"):
        call_command("bench", "mail", "--messages", str(10**12))


def test_a_private_dovecot_stopped_by_ctrl_c_leaves_nothing_behind(dovecot: Dovecot) -> None:
    with pytest.raises(KeyboardInterrupt), Dovecot() as server:
        folder, pid = server.root, server.pid
        raise KeyboardInterrupt
    assert not folder.exists()
    assert pid and not Path(f"/proc/{pid}").exists()  # stopped, with the processes it started
