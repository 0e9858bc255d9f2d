"""How much memory exporting a backup takes: the file, one download, several at once.

Each measure runs in a fresh Python process (`python -m coffeechat.exports.bench`), so what the
bench itself holds (the invented account it just made) does not count: the process sets up
Django, makes one backup of an empty account the same way to load everything a running server
has loaded, reads its resident memory (idle), exports the real account, and reads its high-water
mark. The figure reported is the peak above idle.
"""

from __future__ import annotations

import gc
import io
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coffeechat.core.measuring import measure_in_child, memory_mb

# What is measured, in the order printed; "in memory" is the whole document built at once, as
# exports were made before they streamed, for comparison.
MEASURES = {
    "file": "export to a file",
    "download": "one download",
    "downloads": "four downloads at once",
    "in memory": "whole backup in memory (before)",
}
CONCURRENT_DOWNLOADS = 4


def measure_exports(
    database: str, account: str, idle_account: str, progress: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Each measure of MEASURES for `account` in the database named `database`, in its own process."""
    results = []
    for how, label in MEASURES.items():
        arguments = {"database": database, "account": account, "idle_account": idle_account, "how": how}
        result = measure_in_child("coffeechat.exports.bench", arguments, label)
        progress(f"{label}: {result['above_idle_mb']:.0f} MB above idle, {result['seconds']:.1f} s")
        results.append(result)
    return results


def _download(username: str, copies: int = 1) -> int:
    """Bytes received by `copies` browsers downloading the backup at the same time."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    received = [0] * copies

    def one(n: int) -> None:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/export/backup.json")
        assert response.status_code == 200 and response.streaming, response.status_code
        for chunk in response.streaming_content:
            received[n] += len(chunk)
        response.close()
        connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not all(received):
        raise RuntimeError("a download failed (see above)")
    return sum(received) // copies


def _export(username: str, how: str, folder: Path) -> int:
    """Make the backup of `username` the way `how` says; its size in bytes."""
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from coffeechat.exports.backup import make_backup

    if how == "file":
        path = folder / f"{username}.json"
        call_command("export", "--format", "json", "-o", str(path), "--user", username, stderr=io.StringIO())
        return path.stat().st_size
    if how == "in memory":
        text = json.dumps(make_backup(User.objects.get(username=username)), ensure_ascii=False, indent=1)
        return len(text.encode())
    return _download(username, CONCURRENT_DOWNLOADS if how == "downloads" else 1)


def _measure_in_this_process(database: str, account: str, idle_account: str, how: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    settings.DATABASES["default"]["NAME"] = database  # the bench's throwaway database, before any connection
    with (
        tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as scratch,
        override_settings(ALLOWED_HOSTS=["testserver"], SESSION_COOKIE_SECURE=False, DEBUG=False),
    ):
        _export(idle_account, how, Path(scratch))  # loads what a server that has served a backup holds
        gc.collect()
        idle = memory_mb("VmRSS")
        started = time.perf_counter()
        size = _export(account, how, Path(scratch))
        seconds = time.perf_counter() - started
        peak = memory_mb("VmHWM")
    return {
        "seconds": round(seconds, 2),
        "file_mb": round(size / 1e6, 1),
        "idle_mb": round(idle, 1),
        "peak_mb": round(peak, 1),
        "above_idle_mb": round(peak - idle, 1),
    }


if __name__ == "__main__":
    print(json.dumps(_measure_in_this_process(**json.loads(sys.argv[1]))))
