"""How fast the people list and search answer at a given size, on a throwaway database."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from coffeechat.network.sample import CITIES, FIRST_NAMES, LAST_NAMES, ROLES, make_sample_network
from coffeechat.network.search import search_people


@dataclass
class Timing:
    name: str
    samples_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "runs": len(self.samples_ms),
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
        }


def _time(name: str, calls: list[Callable[[], Any]]) -> Timing:
    calls[0]()  # warm caches and compiled templates once before measuring
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(name, samples)


def _queries(rng: random.Random, count: int) -> list[str]:
    """What people type: names whole or in part, roles, places, two-word mixes."""
    makers: list[Callable[[], str]] = [
        lambda: rng.choice(LAST_NAMES),
        lambda: rng.choice(FIRST_NAMES)[:3],
        lambda: f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        lambda: rng.choice(ROLES).split()[-1].lower(),
        lambda: rng.choice(ROLES).lower(),
        lambda: rng.choice(CITIES),
        lambda: f"{rng.choice(ROLES).split()[0]} {rng.choice(CITIES)}",
    ]
    return [rng.choice(makers)() for _ in range(count)]


def run_people_bench(people: int, rounds: int, progress: Callable[[str], None]) -> dict[str, Any]:
    owner = User.objects.create_user("bench")
    started = time.perf_counter()
    make_sample_network(owner, people)
    progress(f"made {people:,} people in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(owner)
    rng = random.Random(11)
    pages = max(1, people // 50)
    queries = _queries(rng, rounds)
    htmx = {"HX-Request": "true"}

    def get(url: str, headers: dict[str, str] | None = None) -> Callable[[], Any]:
        def call() -> None:
            response = client.get(url, headers=headers or {})
            assert response.status_code == 200, (url, response.status_code)

        return call

    timings = [
        _time("people list, first page", [get("/people/") for _ in range(rounds)]),
        _time(
            "people list, any page",
            [get(f"/people/?page={rng.randint(1, pages)}") for _ in range(rounds)],
        ),
        _time(
            "people list, filtered",
            [get(f"/people/?how=friend&org={rng.choice('aeiou')}") for _ in range(rounds)],
        ),
        _time("search function", [lambda q=q: search_people(owner, q) for q in queries]),
        _time("search page while typing (htmx)", [get(f"/search/?q={q}", htmx) for q in queries]),
        _time("people list search (htmx)", [get(f"/people/?q={q}", htmx) for q in queries]),
    ]
    return {
        "people": people,
        "rounds": rounds,
        "timings": [t.as_dict() for t in timings],
    }
