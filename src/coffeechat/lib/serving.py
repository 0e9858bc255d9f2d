"""Where a running `coffeechat serve` can be reached, kept in the data directory for `signin`.

`serve` writes the address it prints and its process id when it starts and removes the file when
it stops. A file left by a server that was killed names a process that is gone, and is ignored.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

RECORD_FILENAME = "serving.json"


def record_serving(data_dir: Path, url: str, pid: int | None = None) -> Path | None:
    """Note that this process serves at `url`; None when the data directory cannot be written."""
    record = data_dir / RECORD_FILENAME
    temporary = record.with_suffix(f".{os.getpid()}.tmp")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"url": url, "pid": pid or os.getpid()}))
        temporary.replace(record)
    except OSError:
        # Only `signin`'s guess of the address depends on it; serving goes on without.
        return None
    return record


def forget_serving(data_dir: Path, pid: int | None = None) -> None:
    """Remove the note, if it is this process's (another server may have started since)."""
    record = data_dir / RECORD_FILENAME
    if _read(record).get("pid") == (pid or os.getpid()):
        record.unlink(missing_ok=True)


def serving_url(data_dir: Path) -> str | None:
    """The address a server still running from this data directory listens on, if there is one."""
    found = _read(data_dir / RECORD_FILENAME)
    url, pid = found.get("url"), found.get("pid")
    if isinstance(url, str) and isinstance(pid, int) and process_is_running(pid):
        return url
    return None


def _read(record: Path) -> dict[str, object]:
    try:
        found = json.loads(record.read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def process_is_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_is_running(pid)
    try:
        os.kill(pid, 0)  # signal 0 delivers nothing: it only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OverflowError:
        return False
    return True


def _windows_process_is_running(pid: int) -> bool:
    # os.kill on Windows would end the process, so ask the kernel whether it is still active.
    import ctypes

    process_query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
