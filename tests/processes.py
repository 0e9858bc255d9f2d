"""Helpers for tests that start `coffeechat` as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# The test command runs the suite twice at once, on SQLite and on PostgreSQL (COFFEECHAT_TEST_PASSES
# is "both" in each), and the SQLite pass, with the browser walks, is the longer. Tests that never
# use the configured database (their commands and servers start on a new SQLite data directory)
# run once: in the PostgreSQL pass when there is one, else wherever the suite runs.
ONCE_PER_SUITE_HERE = bool(os.environ.get("COFFEECHAT_DATABASE_URL")) or (
    os.environ.get("COFFEECHAT_TEST_PASSES") != "both"
)
ONCE_PER_SUITE = "runs once per test command, in the PostgreSQL pass (the SQLite pass is the longer)"


def stop(process: subprocess.Popen[str]) -> None:
    """Ask the server to stop, as Ctrl+C would; kill it if it has not stopped in ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def serving(*args: str, data_dir: Path, **env: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`coffeechat serve ARGS` on a data directory with only `env` set, and what it printed until ready."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    environ |= {"COFFEECHAT_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    environ["COFFEECHAT_PERIODIC"] = "false"  # jobs run in tests only when a test runs them
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", *args],
        env=environ | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    output: list[str] = []
    deadline = time.monotonic() + 90
    assert process.stdout is not None
    while not any("Serving on" in line for line in output) and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        output.append(line)
    try:
        if not any("Serving on" in line for line in output):
            pytest.fail(f"coffeechat serve {' '.join(args)} did not start:\n" + "".join(output))
        yield process, "".join(output)
    finally:
        stop(process)
