"""How long importing a large LinkedIn Messages.csv takes, and how much memory it needs.

A network of `people` is imported first (a Connections.csv of invented people, with their profile
links); then a Messages.csv of `rows` messages with them, in conversations of a few messages each,
the user writing about half. As `bench import` does, each run is its own process, measured above
an idle process: the raw engine first (the same Interactions written by executemany, rolled back),
then the import, then the same file again (which records nothing).
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
from datetime import UTC, datetime, timedelta
from typing import Any

from coffeechat.core.measuring import measure_in_child, memory_mb

YOU = "https://www.linkedin.com/in/bench-you"
RUNS = {
    "raw": "raw executemany (the interactions)",
    "first": "first import of Messages.csv",
    "again": "re-import of the same file",
}


def network(people: int) -> list[tuple[str, str]]:
    """(name, profile link) of the network's people, as the Connections.csv the bench imports."""
    from coffeechat.imports.bench import linkedin_export

    reader = csv.reader(io.StringIO(linkedin_export(people).decode("utf-8")))
    found = []
    for cells in reader:
        if len(cells) == 7 and cells[2].startswith("https://"):
            found.append((f"{cells[0]} {cells[1]}", cells[2]))
    return found


def messages_export(rows: int, people: list[tuple[str, str]], seed: int = 7) -> bytes:
    """A Messages.csv in the current format: conversations of 1 to 8 messages with one person each."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
            "ATTACHMENTS",
            "IS MESSAGE DRAFT",
        ]
    )
    start = datetime(2015, 1, 1, tzinfo=UTC)
    written = 0
    conversation = 0
    while written < rows:
        conversation += 1
        name, url = rng.choice(people)
        at = start + timedelta(minutes=rng.randrange(0, 5_000_000))
        title = f"Coffee chat {conversation}"
        for n in range(min(rng.randint(1, 8), rows - written)):
            mine = (n + rng.randint(0, 1)) % 2 == 0
            sender, sender_url, to, to_url = (
                ("Bench You", YOU, name, url) if mine else (name, url, "Bench You", YOU)
            )
            at += timedelta(minutes=rng.randrange(5, 3000))
            text = " ".join(
                rng.choice(("Thanks", "for", "the", "chat", "about", "research", "teams")) for _ in range(40)
            )
            writer.writerow(
                [
                    f"2-{conversation:09d}",
                    title,
                    sender,
                    sender_url,
                    to,
                    to_url,
                    at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    title if n == 0 else f"RE: {title}",
                    text,
                    "SENT" if mine else "INBOX",
                    "",
                    "No",
                ]
            )
            written += 1
    return out.getvalue().encode("utf-8")


def run_messages_bench(rows: int, people: int, progress: Callable[[str], None]) -> dict[str, Any]:
    """The network imported here, then each run of RUNS in a fresh process on the bench's database."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection

    from coffeechat.imports.applying import apply_plan
    from coffeechat.imports.bench import linkedin_export
    from coffeechat.imports.service import preview

    owner = User.objects.create_user("bench-messages")
    apply_plan(preview(owner, linkedin_export(people)), owner, "Connections.csv")
    progress(f"network of {people:,} people imported")
    database = str(connection.settings_dict["NAME"])
    connection.close()
    results = []
    for how, label in RUNS.items():
        arguments = {"database": database, "owner": owner.pk, "rows": rows, "people": people, "how": how}
        result = measure_in_child("coffeechat.imports.messages_bench", arguments, label)
        results.append(result)
        progress(f"{label}: {result['seconds']:.2f} s, {result['peak_rss_mb']:.0f} MB at the peak")
    raw, raw_cpu = results[0]["seconds"] or 0.001, results[0]["cpu_seconds"] or 0.001
    for result in results:
        result["times_raw"] = round(result["seconds"] / raw, 1)
        result["cpu_times_raw"] = round(result["cpu_seconds"] / raw_cpu, 1)
    size = len(messages_export(rows, network(people)))
    return {
        "rows": rows,
        "people": people,
        "file_mb": round(size / 1e6, 2),
        "limit_mb": settings.IMPORT_MAX_BYTES // 1_000_000,
        "runs": results,
    }


def _raw_rows(owner: Any, data: bytes) -> list[tuple[Any, ...]]:
    """The Interactions the import would write, as plain tuples (not timed)."""
    from django.db import connection

    from coffeechat.imports.formats.linkedin_messages import History, read_messages
    from coffeechat.imports.history import load_people, match

    history = History()
    read_messages(data, len(data) + 1, history)
    now = connection.ops.adapt_datetimefield_value(datetime.now(UTC))
    matched, _ = match(history, load_people(owner))
    adapt = connection.ops.adapt_datetimefield_value
    return [
        (owner.pk, pid, adapt(s.at), "linkedin", s.direction, s.subject, "", s.key, None, now)
        for s, pid in matched
    ]


class _RolledBack(Exception):
    pass


def _measure_in_this_process(database: str, owner: int, rows: int, people: int, how: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from coffeechat.imports.applying import apply_plan
    from coffeechat.imports.formats.linkedin_export import LinkedInExport
    from coffeechat.imports.service import preview

    settings.DATABASES["default"]["NAME"] = database
    account = User.objects.get(pk=owner)
    data = messages_export(rows, network(people))
    raw = _raw_rows(account, data) if how == "raw" else []
    gc.collect()
    idle = memory_mb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    if how == "raw":
        mark = "?" if connection.vendor == "sqlite" else "%s"
        try:
            with transaction.atomic():
                cursor = connection.connection.cursor()
                cursor.executemany(
                    "INSERT INTO conversations_interaction (owner_id, person_id, at, channel, direction, "
                    f"subject, text, source_key, reply_to_id, created) VALUES ({', '.join([mark] * 10)})",
                    raw,
                )
                cursor.close()
                counts: dict[str, Any] = {"rows": len(raw)}
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                raise _RolledBack
        except _RolledBack:
            pass
    else:
        export = LinkedInExport({"Messages.csv": data})
        run = apply_plan(preview(account, b"", export=export), account, "Messages.csv")
        counts = {k: v for k, v in run.counts.items() if k not in ("new", "updated", "unchanged")}
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = memory_mb("VmHWM")
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "counts": counts,
        "idle_mb": round(idle, 1),
        "peak_rss_mb": round(peak, 1),
        "above_idle_mb": round(peak - idle, 1),
    }


if __name__ == "__main__":
    print(json.dumps(_measure_in_this_process(**json.loads(sys.argv[1]))))
