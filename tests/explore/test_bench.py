import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

OCCUPATIONS = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "occupations"


def bench(tmp_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "bench", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_bench_suggest_times_suggestions_and_paths(tmp_path: Path) -> None:
    report = bench(tmp_path, "suggest", "--people", "400", "--ties-per-person", "4", "--rounds", "5")
    assert [t["name"] for t in report["timings"]] == [
        "suggestions (20 per exploration)",
        "introduction paths",
    ]
    assert all(0 < t["p50_ms"] <= t["p95_ms"] for t in report["timings"])


@pytest.mark.skipif(not OCCUPATIONS.exists(), reason="../shared/conformance is not beside the checkout")
def test_bench_matching_beats_the_keyword_baseline(tmp_path: Path) -> None:
    report = bench(tmp_path, "matching", "--occupations", str(OCCUPATIONS), "--count", "60")
    product, baseline = report["results"]
    assert product["method"] == "product" and baseline["method"] == "keyword baseline"
    assert product["precision_at_10"] > baseline["precision_at_10"]
    assert product["ndcg_at_10"] > baseline["ndcg_at_10"]


def test_bench_matching_names_a_missing_folder(tmp_path: Path) -> None:
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "bench", "matching", "--occupations", str(tmp_path / "nope")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "has no O*NET Occupation Data.txt" in result.stderr
