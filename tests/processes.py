"""Helpers for tests that start `coffeechat` as a real process."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen[str]) -> None:
    """Ask the server to stop, as Ctrl+C would; kill it if it has not stopped in ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
