"""`coffeechat bench pages`: every main page over HTTP at a tiny size, and nothing left behind."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

POSTGRES = "COFFEECHAT_DATABASE_URL" in os.environ
BENCH = [sys.executable, "-m", "coffeechat", "bench", "pages"]
TINY = ["--people", "300", "--ties-per-person", "3", "--conversations", "20", "--explorations", "3"]


def bench_env(tmp_path: Path) -> dict[str, str]:
    """The user's settings, with temporary files where the test can see them."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(tmp_path / "tmp")}


def bench_databases(infix: str = "_pages_") -> set[str]:
    """PostgreSQL databases the bench made beside the configured one (`bench community`'s: _community_)."""
    if not POSTGRES:
        return set()
    import psycopg

    from coffeechat.lib.dbconfig import parse_db_settings

    db = parse_db_settings(os.environ["COFFEECHAT_DATABASE_URL"], Path("."))
    with psycopg.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    ) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [db["NAME"] + infix + "%"]
        )
        return {row[0] for row in rows}


def test_bench_pages_times_every_main_page_over_http_beside_a_raw_baseline(tmp_path: Path) -> None:
    before = bench_databases()
    result = subprocess.run(
        [*BENCH, *TINY, "--requests", "2", "--clients", "2", "--seconds", "0.1", "--json"],
        env=bench_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["people"], report["ties"], report["conversations"]) == (300, 900, 20)
    alone = {t["name"]: t for t in report["alone"]}
    assert set(alone) == {
        "Today",
        "people list",
        "search while typing",
        "person",
        "organization",
        "suggestions",
        "board",
        "meeting brief",
        "meeting plan",
        "insights",
        "report",
    }
    # Every page answered (signed in: no redirect to the login page) and had a baseline beside it.
    assert all(
        t["errors"] == 0 and t["first_ms"] > 0 and t["p50_ms"] > 0 and t["baseline_p50_ms"] > 0
        for t in alone.values()
    )
    assert all(t["requests"] > 0 and t["non_200"] == t["exceptions"] == 0 for t in report["together"])
    # Each page's gain is against one client's rate, measured just before in the same way.
    assert all(
        t["one_client_per_second"] > 0 and t["gain"] == round(t["per_second"] / t["one_client_per_second"], 2)
        for t in report["together"]
    )
    assert report["cpu"]["alone"]["server_cpu_s"] > 0 and report["build_seconds"] > 0
    assert report["probe_ms"]["before"] > 0 and report["probe_ms"]["after"] > 0  # the machine's speed
    # A throwaway network: nothing of it stays, and the user's own database was never made.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert bench_databases() == before
    if not POSTGRES:
        assert not (tmp_path / "data" / "coffeechat.sqlite3").exists()


def test_bench_pages_refuses_a_size_the_machine_cannot_hold_before_building(tmp_path: Path) -> None:
    result = subprocess.run(
        [*BENCH, "--people", "2000000000"],
        env=bench_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "--people 2,000,000,000" in result.stderr
    assert "choose a smaller size" in result.stderr
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_interrupted_bench_pages_leaves_no_server_folder_or_database(tmp_path: Path) -> None:
    before = bench_databases()
    bench = subprocess.Popen(
        [*BENCH, *TINY],
        env=bench_env(tmp_path) | {"PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert bench.stderr is not None
    server = None
    deadline = time.monotonic() + 90
    while server is None and time.monotonic() < deadline:
        line = bench.stderr.readline()
        if not line:
            break
        if line.startswith("server "):
            server = int(line.split()[1])
    assert server is not None, "the bench never started its server"
    assert list((tmp_path / "tmp").iterdir()) != []
    bench.send_signal(signal.SIGTERM)  # as a service manager or `kill` stops it; Ctrl+C goes the same way
    bench.wait(timeout=60)
    with pytest.raises(ProcessLookupError):
        os.kill(server, 0)
    assert list((tmp_path / "tmp").iterdir()) == []
    assert bench_databases() == before


def test_bench_pages_will_not_reuse_a_kept_network_of_another_size(tmp_path: Path) -> None:
    kept = tmp_path / "network"
    kept.mkdir()
    size = {"people": 5000, "ties_per_person": 10, "conversations": 500, "explorations": 20}
    vendor = "postgresql" if POSTGRES else "sqlite"
    (kept / "bench-network.json").write_text(json.dumps({"vendor": vendor, "name": "x", "size": size}))
    result = subprocess.run(
        [*BENCH, *TINY, "--network", str(kept)],
        env=bench_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"--network {kept}: it holds 5,000 people on {vendor}, not the 300" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in kept.iterdir()) == ["bench-network.json"]
