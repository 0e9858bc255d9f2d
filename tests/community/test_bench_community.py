"""`coffeechat bench community` at a tiny size: every figure measured, no error, nothing left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_bench_pages import POSTGRES, bench_databases, bench_env

BENCH = [sys.executable, "-m", "coffeechat", "bench", "community"]
TINY = ["--alumni", "300", "--volunteers", "60", "--members", "30", "--requests", "12", "--searches", "4"]

POSTGRES_RUN = "COFFEECHAT_DATABASE_URL" in os.environ  # slow (servers and a bench): once, on PostgreSQL


def community_databases() -> set[str]:
    return bench_databases("_community_")


@pytest.mark.skipif(not POSTGRES_RUN, reason="slow; run once, on PostgreSQL")
def test_bench_community_measures_the_load_requests_and_the_directory_with_clients_at_once(
    tmp_path: Path,
) -> None:
    before = community_databases()
    result = subprocess.run(
        [*BENCH, *TINY, "--clients", "3", "--seconds", "1.5", "--json"],
        env=bench_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["alumni"], report["volunteers"], report["members"]) == (300, 60, 30)
    # The alumni went through the real loader, the requests through the real send_request.
    assert report["alumni_load"]["added"] == 300 and report["alumni_load"]["peak_rss_mb"] > 0
    assert report["request_creation"]["sent"] == 12 and report["request_creation"]["per_second"] > 0
    for measure in ("directory_search", "ranked_for_exploration"):
        assert report[measure]["errors"] == 0 and report[measure]["p95_ms"] > 0
    together = report["together"]
    assert together["clients"] == 3 and together["operations"] > 0
    assert together["non_ok"] == together["exceptions"] == 0
    assert together["requests_sent"] > 0  # signed in: asked, sent and withdrew over HTTP
    assert list((tmp_path / "tmp").iterdir()) == []
    assert community_databases() == before


def test_bench_community_refuses_sizes_the_machine_cannot_hold_before_making_anything(tmp_path: Path) -> None:
    result = subprocess.run(
        [*BENCH, "--alumni", "1000000000000"],
        env=bench_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "--alumni 1,000,000,000,000" in result.stderr and "choose smaller sizes" in result.stderr
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_interrupted_bench_community_leaves_no_folder_or_database(tmp_path: Path) -> None:
    """Stopped while filling its database (bench pages' test stops a running server the same way)."""
    before = community_databases()
    bench = subprocess.Popen(
        [*BENCH, *TINY, "--alumni", "200000", "--clients", "2"],
        env=bench_env(tmp_path) | {"PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert bench.stderr is not None
    building = bench.stderr.readline()
    assert building.startswith("building in "), building
    assert list((tmp_path / "tmp").iterdir()) != []
    if POSTGRES:
        assert community_databases() != before
    bench.send_signal(signal.SIGTERM)  # Ctrl+C goes the same way
    bench.wait(timeout=60)
    assert list((tmp_path / "tmp").iterdir()) == []
    assert community_databases() == before
