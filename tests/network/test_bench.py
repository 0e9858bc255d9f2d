import json
import os
import subprocess
import sys
from pathlib import Path


def test_bench_people_fills_a_throwaway_database_and_reports_latencies(tmp_path: Path) -> None:
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coffeechat",
            "bench",
            "people",
            "--people",
            "300",
            "--rounds",
            "5",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["people"] == 300
    names = {t["name"] for t in report["timings"]}
    assert {
        "people list, first page",
        "search function",
        "search page while typing (htmx)",
    } <= names
    assert all(0 < t["p50_ms"] <= t["p95_ms"] for t in report["timings"])
    # The measures ran on a throwaway database: the real one was never made or touched.
    if "COFFEECHAT_DATABASE_URL" not in os.environ:
        assert not (tmp_path / "coffeechat.sqlite3").exists()
