"""How well suggestions find the right people, measured on the O*NET occupation taxonomy.

People get titles from O*NET's alternate titles ("Aeronautics Commission Director"); each
exploration is an occupation's title ("Chief Executives"); the right people for it are those
whose title is one of that occupation's alternates. The product's ranking is compared with a
plain keyword (BM25) ranking over the same index.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from coffeechat.explore.models import Exploration
from coffeechat.explore.suggest import suggest_people
from coffeechat.lib.text import name_key
from coffeechat.network.models import Person
from coffeechat.network.search import rank_people_any, refresh_search_entries

K = 10


@dataclass
class Occupation:
    code: str
    title: str
    alternates: list[str]


def read_occupations(folder: Path) -> list[Occupation]:
    def rows(name: str) -> list[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))

    titles = {r["O*NET-SOC Code"]: r["Title"] for r in rows("Occupation Data.txt")}
    alternates: dict[str, list[str]] = {}
    for r in rows("Alternate Titles.txt"):
        alternates.setdefault(r["O*NET-SOC Code"], []).append(r["Alternate Title"])
    return [Occupation(code, titles[code], alternates.get(code, [])) for code in sorted(titles)]


def precision_at_k(ranked: list[bool]) -> float:
    return sum(ranked[:K]) / K


def ndcg_at_k(ranked: list[bool], relevant: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(ranked[:K]) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(K, relevant)))
    return dcg / ideal if ideal else 0.0


def run_matching_bench(
    folder: Path,
    occupations: int,
    per_occupation: int,
    progress: Callable[[str], None],
    seed: int = 3,
) -> dict[str, Any]:
    rng = random.Random(seed)
    usable = [o for o in read_occupations(folder) if len(o.alternates) >= per_occupation]
    chosen = rng.sample(usable, min(occupations, len(usable)))
    owner = User.objects.create_user("bench-matching")
    people, truth = [], {}
    for occupation in chosen:
        for title in rng.sample(occupation.alternates, per_occupation):
            people.append(
                Person(
                    owner=owner,
                    name=f"Person {len(people)}",
                    name_key=name_key(f"p {len(people)}"),
                    title=title[:200],
                    tie_strength=2,
                )
            )
            truth[len(people) - 1] = occupation.code
    Person.objects.bulk_create(people)
    code_of = {p.pk: truth[i] for i, p in enumerate(people)}
    refresh_search_entries(list(code_of))
    progress(f"{len(people):,} people with O*NET alternate titles, {len(chosen)} occupations as explorations")
    totals = {"product": [0.0, 0.0], "keyword baseline": [0.0, 0.0]}
    for occupation in chosen:
        exploration = Exploration.objects.create(owner=owner, text=occupation.title)
        rankings = {
            "product": [s.person_id for s in suggest_people(exploration, limit=K)],
            "keyword baseline": list(rank_people_any(owner, occupation.title, limit=K)),
        }
        for method, ids in rankings.items():
            hits = [code_of.get(pid) == occupation.code for pid in ids]
            totals[method][0] += precision_at_k(hits)
            totals[method][1] += ndcg_at_k(hits, per_occupation)
    count = len(chosen)
    return {
        "people": len(people),
        "explorations": count,
        "results": [
            {
                "method": method,
                "precision_at_10": round(p / count, 3),
                "ndcg_at_10": round(n / count, 3),
            }
            for method, (p, n) in totals.items()
        ],
    }
