"""Whom to talk to for an exploration: candidates by meaning and words, then warmth and courtesy."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from rapidfuzz import fuzz, process

from coffeechat.explore import status
from coffeechat.explore.graph import introduction_paths, ties_around
from coffeechat.explore.models import Exploration
from coffeechat.explore.offlimits import off_limits_among, off_limits_filter
from coffeechat.explore.ranking import SEMANTIC_CEILING, SEMANTIC_FLOOR, Signals, Suggestion, rank, relevance
from coffeechat.explore.semantic import similarities
from coffeechat.lib.text import fold
from coffeechat.network.models import Organization, Person
from coffeechat.network.search import rank_people_any

CANDIDATES = 1500  # people scored for relevance
POOL = 150  # the most relevant, for whom warmth and paths are worked out
TITLE_WEIGHT = 0.8  # the rest of a profile's meaning is its organization and industry
ASKED_RECENTLY = timedelta(days=30)


def _title_similarities(people: object, text: str) -> dict[str, float]:
    # order_by() drops the model's ordering, which DISTINCT would otherwise include.
    titles = list(people.order_by().values_list("title", flat=True).distinct())  # type: ignore[attr-defined]
    return dict(zip(titles, (float(s) for s in similarities(text, titles)), strict=True))


def _chosen_titles(people: object, title_sims: dict[str, float]) -> list[str]:
    """The best-matching titles, as many as hold about CANDIDATES people."""
    good = sorted(
        (t for t, s in title_sims.items() if s > SEMANTIC_FLOOR),
        key=title_sims.__getitem__,
        reverse=True,
    )
    counts = dict(
        people.filter(title__in=good[:2000])
        .values_list("title")
        .annotate(n=Count("id"))
        .values_list("title", "n")  # type: ignore[attr-defined]
    )
    chosen, total = [], 0
    for title in good:
        chosen.append(title)
        total += counts.get(title, 0)
        if total >= CANDIDATES:
            break
    return chosen


def suggest_people(exploration: Exploration, limit: int = 20) -> list[Suggestion]:
    owner, text = exploration.owner, exploration.text
    title_sims = _title_similarities(Person.objects.filter(owner_id=owner.pk).exclude(title=""), text)
    organizations = list(
        Organization.objects.filter(owner_id=owner.pk).values_list("pk", "name", "industry", "relation")
    )
    org_sims = dict(
        zip(
            (o[0] for o in organizations),
            similarities(text, [f"{o[1]} {o[2]}".strip() for o in organizations]),
            strict=True,
        )
    )
    org_info = {o[0]: o for o in organizations}
    words = rank_people_any(owner, text)
    # Two index lookups (by title, by id), and the off-limits people taken out afterwards:
    # one query joining all three conditions makes SQLite read the whole network.
    columns = ("pk", "name", "title", "organization_id", "tie_strength", "how_known")
    mine = Person.objects.filter(owner_id=owner.pk).order_by()
    rows = {
        row[0]: row for row in mine.filter(title__in=_chosen_titles(mine, title_sims)).values_list(*columns)
    }
    rows.update((row[0], row) for row in Person.objects.filter(pk__in=list(words)).values_list(*columns))
    targets = set(exploration.target_organizations.values_list("pk", flat=True))
    targets |= set(exploration.interests.filter(score__gte=4).values_list("organization_id", flat=True))
    # Everyone at a target organization is a candidate: the user named where they want to look.
    at_targets = mine.filter(organization_id__in=targets).values_list(*columns)[:CANDIDATES]
    rows.update((row[0], row) for row in at_targets)
    blocked = off_limits_among(owner, set(rows), exploration)
    signals = []
    for pid, name, title, org_id, strength, how in rows.values():
        if pid in blocked:
            continue
        org = org_info.get(org_id)
        semantic = title_sims.get(title, 0.0)
        if org_id is not None:
            # A target organization is where the user wants to be: it fits the exploration's
            # setting ("in health care") however little its name says so.
            org_fit = SEMANTIC_CEILING if org_id in targets else float(org_sims.get(org_id, 0.0))
            semantic = TITLE_WEIGHT * semantic + (1 - TITLE_WEIGHT) * org_fit
        signals.append(
            Signals(
                person_id=pid,
                name=name,
                title=title,
                organization=org[1] if org else "",
                organization_id=org_id,
                semantic=semantic,
                keyword=words[pid].strength if pid in words else 0.0,
                coverage=words[pid].coverage if pid in words else 0.0,
                tie_strength=strength,
                how_known=how,
                shared=org[3] if org else "",
                target_organization=org_id in targets,
            )
        )
    lexical = _lexical(text, {s.title for s in signals})
    for s in signals:
        s.lexical = lexical.get(s.title, 0.0)
    signals.sort(key=_fit, reverse=True)
    pool = signals[:POOL]
    _add_introducers(exploration, pool)
    _add_courtesy(exploration, pool)
    ranked = sorted(filter(None, map(rank, pool)), key=lambda s: s.score, reverse=True)[:limit]
    _add_long_paths(exploration, ranked)
    return ranked


def _lexical(text: str, titles: set[str]) -> dict[str, float]:
    """String likeness of each title to the exploration (0 to 1), accents and case aside."""
    titles.discard("")
    if not titles:
        return {}
    ordered = list(titles)
    scores = process.cdist([fold(text)], [fold(t) for t in ordered], scorer=fuzz.WRatio)[0]
    return {title: float(score) / 100 for title, score in zip(ordered, scores, strict=True)}


def _fit(s: Signals) -> float:
    return relevance(s.semantic, s.keyword, s.lexical, s.coverage)


def _add_introducers(exploration: Exploration, pool: list[Signals]) -> None:
    """For people the user does not know: a direct contact who knows them, if there is one."""
    owner = exploration.owner
    indirect = {s.person_id for s in pool if not s.tie_strength}
    if not indirect:
        return
    ties = ties_around(owner, indirect, 50 * len(indirect))
    neighbours = {p for a, b, _ in ties for p in (a, b)} - indirect
    # Only people the user knows and may ask can introduce: one query finds them.
    direct = dict(
        Person.objects.filter(owner_id=owner.pk, pk__in=neighbours, tie_strength__isnull=False)
        .exclude(off_limits_filter(exploration))
        .values_list("pk", "tie_strength")
    )
    best: dict[int, tuple[int, int]] = {}  # person -> (introducer, strength of the weaker tie)
    for a, b, strength in ties:
        for person, introducer in ((a, b), (b, a)):
            if person in indirect and introducer in direct:
                chain = min(strength, direct[introducer])
                if person not in best or chain > best[person][1]:
                    best[person] = (introducer, chain)
    names = dict(Person.objects.filter(pk__in={i for i, _ in best.values()}).values_list("pk", "name"))
    for s in pool:
        if s.person_id in best:
            introducer = best[s.person_id][0]
            s.introducers, s.path = [names[introducer]], [introducer, s.person_id]


def _add_courtesy(exploration: Exploration, pool: list[Signals]) -> None:
    ids = [s.person_id for s in pool]
    conversations = status.source()
    here = conversations.statuses(exploration, ids)
    elsewhere = conversations.asked_elsewhere(exploration, ids, timezone.now() - ASKED_RECENTLY)
    for s in pool:
        s.courtesy = here[s.person_id].courtesy if s.person_id in here else ""
        s.asked_elsewhere = s.person_id in elsewhere


def _add_long_paths(exploration: Exploration, ranked: list[Suggestion]) -> None:
    """Chains of three hops for the suggestions no direct contact knows."""
    lacking = [s for s in ranked if not s.path and not s.direct]
    if not lacking:
        return
    people = Person.objects.in_bulk([s.person_id for s in lacking])
    for suggestion in lacking:
        paths = introduction_paths(exploration.owner, people[suggestion.person_id], exploration, limit=1)
        if paths and paths[0].people:
            suggestion.path = paths[0].ids
            names = [p.name for p in paths[0].people[:-1]]
            suggestion.reasons.append(f"{names[0]} can ask {' and then '.join(names[1:])} to introduce you")
