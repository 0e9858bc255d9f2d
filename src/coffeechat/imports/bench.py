"""How long importing a large LinkedIn export takes beside the raw engine, and how much memory it needs.

Every run is its own process (`python -m coffeechat.imports.bench`), as exports/bench.py does
for backups, so the memory figure is the import's peak above an idle process.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from coffeechat.core.measuring import measure_in_child, memory_mb

NOTICE = (
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    'to see or download their email address."'
)


def linkedin_export(rows: int, seed: int = 5) -> bytes:
    """A Connections.csv in the current format, with invented people."""
    # Here, not at the top: the measuring process imports this module before Django is set up.
    from coffeechat.network.sample import FIRST_NAMES, LAST_NAMES, ORG_KINDS, ORG_WORDS, ROLES, SENIORITY

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


# What is measured, each in a new process, in this order: the raw engine first (in a transaction
# rolled back, so the import meets empty tables as a first import does), then the import twice.
RUNS = {
    "raw": "raw executemany (people + search entries)",
    "first": "first import",
    "again": "re-import of the same file",
}


def run_import_bench(rows: int, progress: Callable[[str], None]) -> dict[str, Any]:
    """Each run of RUNS in a fresh process on the bench's database, with its time and memory.

    A process reads its resident memory once Django is set up and the file is made (idle), then
    imports and reads its high-water mark: what the bench itself holds does not count.
    """
    from django.contrib.auth.models import User
    from django.db import connection

    owner = User.objects.create_user("bench-import")
    database = str(connection.settings_dict["NAME"])
    connection.close()  # the measuring processes write; this one holds no lock meanwhile
    results = []
    for how, label in RUNS.items():
        arguments = {"database": database, "owner": owner.pk, "rows": rows, "how": how}
        result = measure_in_child("coffeechat.imports.bench", arguments, label)
        results.append(result)
        progress(f"{label}: {result['seconds']:.2f} s, {result['peak_rss_mb']:.0f} MB at the peak")
    raw, raw_cpu = results[0]["seconds"] or 0.001, results[0]["cpu_seconds"] or 0.001
    for result in results:
        result["times_raw"] = round(result["seconds"] / raw, 1)
        result["cpu_times_raw"] = round(result["cpu_seconds"] / raw_cpu, 1)
    return {"rows": rows, "file_mb": round(len(linkedin_export(rows)) / 1e6, 2), "runs": results}


Rows = list[tuple[Any, ...]]


def raw_rows(owner_id: int, data: bytes) -> tuple[Rows, Rows]:
    """The file's people and their search entries as the raw baseline writes them (not timed)."""
    from django.db import connection

    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    for cells in reader:
        if cells[:2] == ["First Name", "Last Name"]:
            break
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    people, entries = [], []
    for pid, (first, last, _url, _email, company, position, _on) in enumerate(reader, start=1):
        name = f"{first} {last}"
        people.append(
            (pid, owner_id, name, name.lower(), position, "", "online", None, 1, "", "", False, now, now)
        )
        entries.append((pid, owner_id, name.lower(), position.lower(), company.lower(), "", ""))
    return people, entries


def raw_insert(people: Rows, entries: Rows) -> int:
    """The floor an import is measured against: the people and their search entries written
    with plain executemany through the database driver (the search index's triggers fire)."""
    from django.db import connection

    mark = "?" if connection.vendor == "sqlite" else "%s"
    connection.ensure_connection()
    cursor = connection.connection.cursor()  # the driver's own, not Django's wrapper
    cursor.executemany(
        "INSERT INTO network_person (id, owner_id, name, name_key, title, location, how_known, "
        "known_since, tie_strength, tie_context, notes, sensitive, created, updated) "
        f"VALUES ({', '.join([mark] * 14)})",
        people,
    )
    cursor.executemany(
        "INSERT INTO network_searchentry (person_id, owner_id, name, title, organization, tags, notes) "
        f"VALUES ({', '.join([mark] * 7)})",
        entries,
    )
    cursor.close()
    return len(people)


class _RolledBack(Exception):
    pass


def _measure_in_this_process(database: str, owner: int, rows: int, how: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User

    from coffeechat.imports.applying import apply_plan
    from coffeechat.imports.service import preview

    settings.DATABASES["default"]["NAME"] = database  # the bench's throwaway database, before any connection
    account = User.objects.get(pk=owner)
    data = linkedin_export(rows)
    gc.collect()
    idle = memory_mb("VmRSS")
    if how == "raw":
        people, entries = raw_rows(owner, data)
    started, cpu_started = time.perf_counter(), time.process_time()
    if how == "raw":
        try:
            with transaction.atomic():
                counts = {"rows": raw_insert(people, entries)}
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                raise _RolledBack
        except _RolledBack:
            pass
    else:
        plan = preview(account, data)
        counts = apply_plan(plan, account, "Connections.csv").counts
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = memory_mb("VmHWM")
    return {
        "seconds": round(seconds, 3),
        # This process's own CPU time: on SQLite the database's work too, and steadier than
        # the wall clock on a busy machine (on PostgreSQL the server's work is not in it).
        "cpu_seconds": round(cpu, 3),
        "counts": counts,
        "idle_mb": round(idle, 1),
        "peak_rss_mb": round(peak, 1),
        "above_idle_mb": round(peak - idle, 1),
    }


if __name__ == "__main__":
    print(json.dumps(_measure_in_this_process(**json.loads(sys.argv[1]))))
