"""How long importing a large LinkedIn export takes, and how much memory it needs."""

from __future__ import annotations

import csv
import io
import random
import resource
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User

from coffeechat.imports.applying import apply_plan
from coffeechat.imports.service import preview
from coffeechat.network.sample import (
    FIRST_NAMES,
    LAST_NAMES,
    ORG_KINDS,
    ORG_WORDS,
    ROLES,
    SENIORITY,
)

NOTICE = (
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    'to see or download their email address."'
)


def linkedin_export(rows: int, seed: int = 5) -> bytes:
    """A Connections.csv in the current format, with invented people."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write(f"Notes:\r\n{NOTICE}\r\n\r\n")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    start = date(2008, 1, 1)
    companies = [f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}" for _ in range(max(rows // 20, 5))]
    for n in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        slug = f"{first}-{last}-{n}".lower().replace(" ", "-")
        email = f"{slug}@example.org" if rng.random() < 0.1 else ""
        connected = start + timedelta(days=rng.randrange(0, 6500))
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}",
                email,
                rng.choice(companies),
                rng.choice(SENIORITY) + rng.choice(ROLES),
                connected.strftime("%d %b %Y"),
            ]
        )
    return out.getvalue().encode("utf-8")


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def run_import_bench(rows: int, progress: Callable[[str], None]) -> dict[str, Any]:
    owner = User.objects.create_user("bench-import")
    data = linkedin_export(rows)
    progress(f"made a {rows:,}-row Connections.csv ({len(data) / 1e6:.1f} MB)")
    results = []
    for label in ("first import", "re-import of the same file"):
        started = time.perf_counter()
        plan = preview(owner, data)
        run = apply_plan(plan, owner, "Connections.csv")
        seconds = time.perf_counter() - started
        results.append(
            {
                "name": label,
                "seconds": round(seconds, 2),
                "counts": run.counts,
                "peak_rss_mb": round(_peak_rss_mb(), 1),
            }
        )
        progress(f"{label}: {seconds:.2f} s")
    return {"rows": rows, "file_mb": round(len(data) / 1e6, 2), "runs": results}
