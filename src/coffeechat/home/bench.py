"""The backup benchmark: a large account with a little of everything, then exporting it."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from coffeechat.exports.bench import measure_exports
from coffeechat.insights.bench import make_conversations
from coffeechat.network.models import PastPosition, Person, PhoneNumber, ProfileLink
from coffeechat.network.sample import ROLES


@transaction.atomic
def add_contact_details(owner: User, rng: random.Random) -> None:
    """Phones, profile links and past positions for some of the owner's people, as imports leave them."""
    ids = list(Person.objects.filter(owner=owner).values_list("pk", flat=True))
    PhoneNumber.objects.bulk_create(
        (
            PhoneNumber(person_id=pid, raw=f"+1 555 {pid:07d}", e164=f"+1555{pid:07d}")
            for pid in ids
            if rng.random() < 0.3
        ),
        batch_size=5000,
    )
    ProfileLink.objects.bulk_create(
        (
            ProfileLink(person_id=pid, url=f"https://www.linkedin.com/in/person-{pid}")
            for pid in ids
            if rng.random() < 0.6
        ),
        batch_size=5000,
    )
    PastPosition.objects.bulk_create(
        (
            PastPosition(
                person_id=pid,
                title=rng.choice(ROLES),
                organization_name="Former Employer Inc",
                until=date(2025, 1, 1) - timedelta(days=rng.randrange(0, 3000)),
            )
            for pid in ids
            if rng.random() < 0.3
        ),
        batch_size=5000,
    )


def run_backup_bench(people: int, progress: Callable[[str], None]) -> dict[str, Any]:
    owner = User.objects.create_user("bench-backup")
    User.objects.create_user("bench-idle")  # an empty account: its backup warms each process first
    rng = random.Random(23)
    conversations = max(10, min(600, people // 50))
    started = time.perf_counter()
    make_conversations(owner, conversations, explorations=20, rng=rng, people=people)
    add_contact_details(owner, rng)
    progress(
        f"made {people:,} people and {conversations} conversations in {time.perf_counter() - started:.1f} s"
    )
    connection.close()  # the measures run in processes of their own, on the same database
    return {
        "people": people,
        "conversations": conversations,
        "machine": _machine(),
        "measures": measure_exports(connection.settings_dict["NAME"], "bench-backup", "bench-idle", progress),
    }


def _machine() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            memory = f", {int(meminfo.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = ""
    return f"{os.cpu_count()} cores{memory}"
