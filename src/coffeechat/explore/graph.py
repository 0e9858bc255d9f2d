"""Reading the part of the network a path could use: the neighbourhood of one person."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.explore.models import Exploration
from coffeechat.explore.offlimits import off_limits_among
from coffeechat.explore.paths import best_paths
from coffeechat.network.models import Person, Tie

FANOUT = 400  # ties read per person at each step, strongest first: bounds work on hubs


@dataclass
class IntroductionPath:
    people: list[Person]  # from a direct contact to the target

    @property
    def ids(self) -> list[int]:
        return [p.pk for p in self.people]


def ties_around(owner: AbstractBaseUser, ids: set[int], limit: int) -> list[tuple[int, int, int]]:
    """The ties of these people (the owner's, as every tie between their people is), strongest
    first, at most `limit`.

    Two lookups, one per end of the tie, each on its own index: SQLite plans an OR of the
    two, or an added owner condition, as a scan of all the owner's ties.
    """
    found: set[tuple[int, int, int]] = set()
    for end in ("person_a__in", "person_b__in"):
        found.update(Tie.objects.filter(**{end: ids}).values_list("person_a_id", "person_b_id", "strength"))
    return sorted(found, key=lambda tie: -tie[2])[:limit]


def introduction_paths(
    owner: AbstractBaseUser, target: Person, exploration: Exploration | None = None, limit: int = 3
) -> list[IntroductionPath]:
    """The best chains of up to three hops to `target`; [] when there is none."""
    first = ties_around(owner, {target.pk}, FANOUT)
    near = {a if b == target.pk else b for a, b, _ in first}
    second = ties_around(owner, near, FANOUT * 4) if near else []
    everyone = {target.pk} | {p for a, b, _ in first + second for p in (a, b)}
    # By id alone, the owner checked on the rows read: with the owner condition in the query,
    # SQLite walked the owner's whole index (14 ms at 100,000 people) for a few hundred ids.
    known = Person.objects.filter(pk__among=everyone, tie_strength__isnull=False)
    direct = {
        pk: strength
        for pk, strength, whose in known.values_list("pk", "tie_strength", "owner_id")
        if whose == owner.pk
    }
    if target.tie_strength is not None:
        direct[target.pk] = target.tie_strength
    blocked = off_limits_among(owner, everyone, exploration)
    chains = best_paths(target.pk, first + second, direct, blocked, limit)
    people = Person.objects.in_bulk({pid for chain in chains for pid in chain})
    return [IntroductionPath([people[pid] for pid in chain]) for chain in chains]
