"""How fast suggestions and introduction paths answer on a large network."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import connection

from coffeechat.explore.graph import introduction_paths
from coffeechat.explore.models import Exploration
from coffeechat.explore.suggest import suggest_people
from coffeechat.network.bench import Timing
from coffeechat.network.models import Person
from coffeechat.network.sample import make_sample_network

EXPLORATIONS = [
    "UX research in health care",
    "becoming a pharmacist",
    "data science in finance",
    "nursing",
    "software engineering at a small company",
    "urban planning",
    "teaching",
    "investment banking",
    "working as a chef",
    "public policy analysis",
    "graphic design",
    "physical therapy",
    "supply chain and logistics",
    "journalism",
    "research chemistry",
    "human resources",
    "architecture",
    "veterinary medicine",
    "grant writing for nonprofits",
    "game design",
]


def _timed(name: str, calls: list[Callable[[], Any]]) -> Timing:
    calls[0]()  # the first call loads the embedding model: not what a user waits for each time
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(name, samples)


def run_suggest_bench(
    people: int, ties_per_person: int, rounds: int, progress: Callable[[str], None]
) -> dict[str, Any]:
    owner = User.objects.create_user("bench-suggest")
    started = time.perf_counter()
    make_sample_network(owner, people, ties_per_person=ties_per_person)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ties = ties_per_person * people
    progress(f"made {people:,} people and about {ties:,} ties in {time.perf_counter() - started:.1f} s")
    rng = random.Random(13)
    explorations = [Exploration.objects.create(owner=owner, text=text) for text in EXPLORATIONS]
    strangers = list(
        Person.objects.filter(owner=owner, tie_strength__isnull=True).values_list("pk", flat=True)[:5000]
    )
    targets = Person.objects.in_bulk(rng.sample(strangers, min(rounds, len(strangers))))
    chosen = [rng.choice(explorations) for _ in range(rounds)]
    suggest = [lambda e=e: suggest_people(e, limit=20) for e in chosen]
    paths = [lambda p=p: introduction_paths(owner, p) for p in targets.values()]
    timings = [_timed("suggestions (20 per exploration)", suggest), _timed("introduction paths", paths)]
    return {"people": people, "ties": ties, "rounds": rounds, "timings": [t.as_dict() for t in timings]}
