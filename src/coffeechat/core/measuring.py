"""Measuring one piece of work in a process of its own, so its memory peak is its own.

The benchmarks of imports and backups run each measure as `python -m <their module> <json>`; the
child prints its figures as JSON on its last line.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of this process, in MB; ru_maxrss where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def measure_in_child(module: str, arguments: dict[str, Any], label: str) -> dict[str, Any]:
    """Run `python -m module <arguments as JSON>` and read the JSON it prints last, named `label`."""
    done = subprocess.run(
        [sys.executable, "-m", module, json.dumps(arguments)],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "coffeechat.settings"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"measuring {label} failed:\n{done.stderr}")
    return {"name": label, **json.loads(done.stdout.splitlines()[-1])}
