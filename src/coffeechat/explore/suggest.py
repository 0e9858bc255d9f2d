"""Whom to talk to for an exploration: candidates by meaning and words, then warmth and courtesy."""

from __future__ import annotations

import gc
import heapq
import threading
from datetime import timedelta

from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone
from rapidfuzz import fuzz, process

from coffeechat.explore import status
from coffeechat.explore.graph import introduction_paths
from coffeechat.explore.keywords import tagged_people, terms_of, word_matches
from coffeechat.explore.models import Exploration
from coffeechat.explore.ranking import (
    SEMANTIC_CEILING,
    SEMANTIC_FLOOR,
    Signals,
    Suggestion,
    rank,
    relevance,
    weak_meaning,
)
from coffeechat.explore.said import phrase
from coffeechat.explore.semantic import similarities, vectors
from coffeechat.lib.text import fold
from coffeechat.network.models import Organization, Person, Tie
from coffeechat.network.search import WordMatch

CANDIDATES = 1500  # people scored for relevance
POOL = 150  # the most relevant, for whom warmth and paths are worked out
TITLE_WEIGHT = 0.8  # the rest of a profile's meaning is its organization and industry
ASKED_RECENTLY = timedelta(days=30)
TITLES_COUNTED = 50  # matching titles whose people are counted at once, best first
TITLES_PROBED = 5000  # distinct titles read by index probes; beyond, one pass over the people is cheaper

# Each next title is the smallest one above the last (`title > ''` leaves out the empty one).
_SKIP_SCAN = """
    WITH RECURSIVE titles(title, n) AS (
        SELECT (SELECT min(title) FROM network_person WHERE owner_id = %s AND title > ''), 1
        UNION ALL
        SELECT (SELECT min(title) FROM network_person WHERE owner_id = %s AND title > titles.title), n + 1
        FROM titles WHERE titles.title IS NOT NULL AND n < %s
    )
    SELECT title FROM titles WHERE title IS NOT NULL
"""


def warm_up(*, wait: bool = False) -> None:
    """Load the model and embed every distinct title and organization, so the first suggestions
    after start are as quick as the rest; in the background unless `wait` (serve waits before
    worker processes fork, so they share what was made)."""
    if wait:
        _embed_everything()
    else:
        threading.Thread(target=_embed_in_background, name="coffeechat-model", daemon=True).start()


def _embed_in_background() -> None:
    try:
        _embed_everything()
    finally:
        connections.close_all()  # this thread's own


def _embed_everything() -> None:
    titles = Person.objects.exclude(title="").order_by().values_list("title", flat=True).distinct()
    organizations = Organization.objects.values_list("name", "industry")
    for texts in (list(titles), [f"{name} {industry}".strip() for name, industry in organizations]):
        vectors(texts or [""])
    # Once through every step, so the first request finds the code and queries ready.
    exploration = Exploration.objects.order_by("-pk").first()
    if exploration is not None:
        suggest_people(exploration)
    import networkx  # noqa: F401  (a path on the first page should not wait for it)

    # What was loaded stays: the collector no longer walks it (a first full collection took
    # a quarter of a second of the first request), and forked workers share it untouched.
    gc.collect()
    gc.freeze()


def _titles(owner_id: int, text: str) -> dict[str, tuple[float, int]]:
    """Each distinct title of the owner's people: its likeness to the text, and for the titles
    that match (above SEMANTIC_FLOOR, best first) how many hold it, as far as CANDIDATES people.

    The titles' vectors are cached, and made at start; people are counted only under the few
    titles that match, not the whole network grouped by title (a pass over every person).
    """
    titles = _distinct_titles(owner_id)
    sims = dict(zip(titles, (float(s) for s in similarities(text, titles)), strict=True))
    good = sorted((t for t in titles if sims[t] > SEMANTIC_FLOOR), key=lambda t: -sims[t])
    counts: dict[str, int] = {}
    for start in range(0, len(good), TITLES_COUNTED):
        batch = good[start : start + TITLES_COUNTED]
        held = Person.objects.filter(owner_id=owner_id, title__in=batch).order_by().values_list("title")
        # count(*), not of ids: the (owner, title) index alone answers it (1 ms, 4 reading rows)
        counts.update(held.annotate(n=Count("*")).values_list("title", "n"))
        if sum(counts.values()) >= CANDIDATES:
            break
    return {title: (sims[title], counts.get(title, 0)) for title in titles}


def _distinct_titles(owner_id: int) -> list[str]:
    """The owner's distinct titles, in order: one probe of the (owner, title) index per title
    (a loose index scan), not a read of every person; with very many titles, one plain pass."""
    with connection.cursor() as cursor:
        cursor.execute(_SKIP_SCAN, [owner_id, owner_id, TITLES_PROBED])
        titles = [row[0] for row in cursor.fetchall()]
    if len(titles) < TITLES_PROBED:
        return titles
    every = Person.objects.filter(owner_id=owner_id).exclude(title="").order_by("title")
    return list(every.values_list("title", flat=True).distinct())


def _chosen_titles(titles: dict[str, tuple[float, int]]) -> list[str]:
    """The best-matching titles, as many as hold about CANDIDATES people."""
    good = sorted((t for t, (s, _) in titles.items() if s > SEMANTIC_FLOOR), key=lambda t: -titles[t][0])
    chosen, total = [], 0
    for title in good:
        chosen.append(title)
        total += titles[title][1]
        if total >= CANDIDATES:
            break
    return chosen


class _OffLimits:
    """The exploration's private lines, checked against rows already read (no query per person)."""

    def __init__(self, exploration: Exploration, organizations: list[tuple]) -> None:  # type: ignore[type-arg]
        self.people = set(exploration.excluded_people.values_list("pk", flat=True))
        self.organizations = set(exploration.excluded_organizations.values_list("pk", flat=True))
        self.organizations |= {o[0] for o in organizations if o[4]}

    def __contains__(self, person: tuple[int, bool, int | None]) -> bool:
        pid, sensitive, org_id = person
        return sensitive or pid in self.people or org_id in self.organizations


def suggest_people(exploration: Exploration, limit: int = 20) -> list[Suggestion]:
    owner, text = exploration.owner, exploration.text
    titles = _titles(owner.pk, text)
    organizations = list(
        Organization.objects.filter(owner_id=owner.pk).values_list(
            "pk", "name", "industry", "relation", "sensitive"
        )
    )
    org_sims = dict(
        zip(
            (o[0] for o in organizations),
            similarities(text, [f"{o[1]} {o[2]}".strip() for o in organizations]),
            strict=True,
        )
    )
    org_info = {o[0]: o for o in organizations}
    off_limits = _OffLimits(exploration, organizations)
    # Index lookups only (by title, by organization, by id): one query joining the conditions
    # makes SQLite read the whole network. Off-limits people are taken out from the rows read.
    columns = ("pk", "name", "title", "organization_id", "tie_strength", "how_known", "sensitive")
    mine = Person.objects.filter(owner_id=owner.pk).order_by()
    rows = {row[0]: row for row in mine.filter(title__in=_chosen_titles(titles)).values_list(*columns)}
    targets = set(exploration.target_organizations.values_list("pk", flat=True))
    targets |= set(exploration.interests.filter(score__gte=4).values_list("organization_id", flat=True))
    # Everyone at a target organization is a candidate: the user named where they want to look.
    at_targets = mine.filter(organization_id__in=targets).values_list(*columns)[:CANDIDATES]
    rows.update((row[0], row) for row in at_targets)
    terms = terms_of(text)
    tagged = [pid for pid in tagged_people(owner.pk, terms) if pid not in rows]
    rows.update((row[0], row) for row in Person.objects.filter(pk__among=tagged).values_list(*columns))
    meaning = {}
    for pid, _, title, org_id, _, _, sensitive in rows.values():
        if (pid, sensitive, org_id) in off_limits:
            continue
        semantic = titles[title][0] if title in titles else 0.0
        if org_id is not None:
            # A target organization is where the user wants to be: it fits the exploration's
            # setting ("in health care") however little its name says so.
            org_fit = SEMANTIC_CEILING if org_id in targets else float(org_sims.get(org_id, 0.0))
            semantic = TITLE_WEIGHT * semantic + (1 - TITLE_WEIGHT) * org_fit
        meaning[pid] = semantic
    words = word_matches(terms, list(meaning), [pid for pid, m in meaning.items() if weak_meaning(m)])
    lexical = _lexical(text, {rows[pid][2] for pid in meaning})
    no_words = WordMatch(0.0, 0.0)

    def fit(pid: int) -> float:
        found = words.get(pid, no_words)
        return relevance(meaning[pid], found.strength, lexical.get(rows[pid][2], 0.0), found.coverage)

    # The most relevant first (ties in the order read), as sorting every candidate would give;
    # the rest are dropped before anything more is made of them.
    pool = []
    for pid in heapq.nlargest(POOL, meaning, key=fit):
        _, name, title, org_id, strength, how, _ = rows[pid]
        org = org_info.get(org_id)
        found = words.get(pid, no_words)
        pool.append(
            Signals(
                person_id=pid,
                name=name,
                title=title,
                organization=org[1] if org else "",
                organization_id=org_id,
                semantic=meaning[pid],
                keyword=found.strength,
                coverage=found.coverage,
                lexical=lexical.get(title, 0.0),
                tie_strength=strength,
                how_known=how,
                shared=org[3] if org else "",
                target_organization=org_id in targets,
            )
        )
    _add_introducers(pool, off_limits)
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


def _add_introducers(pool: list[Signals], off_limits: _OffLimits) -> None:
    """For people the user does not know: a direct contact who knows them, if there is one."""
    indirect = {s.person_id for s in pool if not s.tie_strength}
    if not indirect:
        return
    # Each tie with the person at its other end, read by one end at a time (each on its own
    # index; an OR of the two, or an owner condition, is a scan of all the owner's ties).
    best: dict[int, tuple[int, int, str]] = {}  # person -> (weaker tie's strength, introducer, name)
    for end, other in (("person_a", "person_b"), ("person_b", "person_a")):
        ties = Tie.objects.filter(**{f"{end}__among": indirect}).values_list(
            f"{end}_id",
            f"{other}_id",
            "strength",
            f"{other}__tie_strength",
            f"{other}__sensitive",
            f"{other}__organization_id",
            f"{other}__name",
        )
        for person, introducer, strength, known, sensitive, org_id, name in ties:
            if known is None or introducer in indirect or (introducer, sensitive, org_id) in off_limits:
                continue
            chain = min(strength, known)
            if person not in best or chain > best[person][0]:
                best[person] = (chain, introducer, name)
    for s in pool:
        if s.person_id in best:
            _, introducer, name = best[s.person_id]
            s.introducers, s.path = [name], [introducer, s.person_id]


def _add_courtesy(exploration: Exploration, pool: list[Signals]) -> None:
    ids = [s.person_id for s in pool]
    conversations = status.source()
    here = conversations.statuses(exploration, ids)
    now = timezone.now()
    elsewhere = conversations.asked_elsewhere(exploration, ids, now - ASKED_RECENTLY)
    talks = conversations.past_talk(exploration.owner_id, ids)
    for s in pool:
        s.courtesy = here[s.person_id].courtesy if s.person_id in here else ""
        s.asked_elsewhere = s.person_id in elsewhere
        if talk := talks.get(s.person_id):
            s.said, s.answered, s.waiting = phrase(talk, now), talk.answered, talk.waiting(now)


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
