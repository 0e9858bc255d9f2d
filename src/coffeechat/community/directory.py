"""Finding volunteers: filters in SQL, then ranking by meaning within the filtered ones.

Each process keeps one matrix of the listed volunteers' vectors (and their shown words, folded),
checked on each search against the table's count and latest change (one index-only query) and
brought up to date by reading only the profiles changed since. A search reads the ids the filters
allow, ranks them in memory (a matrix product and a pass over the shown words, a few ms at 50,000
volunteers) and reads from the table only the page shown.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet

from coffeechat.community import rules
from coffeechat.community.fit import Candidate, Match, query_terms, rank_candidates, reasons
from coffeechat.community.models import Request, VolunteerProfile
from coffeechat.community.requests import month_start
from coffeechat.community.volunteering import WAY_WORDS, ways_key
from coffeechat.core import clock
from coffeechat.explore.ranking import STRONG_KEYWORD
from coffeechat.lib.text import fold
from coffeechat.lib.textsearch import stem, word_matches

if TYPE_CHECKING:
    import numpy as np

PER_PAGE = 20
BY_MEANING = 400  # the most similar by meaning, ranked with every profile sharing a word
BY_WORDS = 400  # and as many holding nearly all the query's words
LOOK_BACK = timedelta(seconds=30)  # a save committed late is still read as changed

FILTER_FIELDS = ("industry", "organization", "location", "school")


@dataclass(frozen=True)
class Filters:
    industry: str = ""
    organization: str = ""
    location: str = ""
    school: str = ""
    year: int | None = None
    way: str = ""

    def any(self) -> bool:
        return any((*(getattr(self, f) for f in FILTER_FIELDS), self.year, self.way))

    def where(self) -> Q:
        """Each filter matches the shown value only (a hidden field's key is empty): its start
        as typed, accents and case aside."""
        found = Q(listed=True)
        for name in FILTER_FIELDS:
            typed = fold(getattr(self, name))
            if typed:
                found &= Q(**{f"{name}_key__startswith": typed})
        if self.year:
            found &= Q(year_key=self.year)
        if self.way:
            # Every set of ways holding this one, as written (in one order): an index lookup.
            every = list(WAY_WORDS)
            sets = [c for n in range(1, 4) for c in itertools.combinations(every, n) if self.way in c]
            found &= Q(ways_key__in=[ways_key(c) for c in sets])
        return found

    def met(self) -> list[str]:
        """The filters a result meets, in words."""
        said = [
            f"{label} {getattr(self, name)}"
            for name, label in (
                ("industry", "in"),
                ("organization", "at"),
                ("location", "in"),
                ("school", "studied at"),
            )
            if getattr(self, name)
        ]
        if self.year:
            said.append(f"class of {self.year}")
        if self.way:
            said.append(f"meets by {dict(VolunteerProfile.Way.choices)[self.way].lower()}")
        return said


# The process's matrix --------------------------------------------------------------------------


_WORD = re.compile(r"[^\W_]+")


class WordIndex:
    """Each word of the shown texts and the profiles holding it, for the words of a query: a
    profile changed leaves its old words and joins its new ones."""

    def __init__(self) -> None:
        self.holders: dict[str, list[int]] = {}
        self.words: list[str] = []  # sorted, for the words starting with a stem

    def add(self, pk: int, text: str) -> None:
        for word in set(_WORD.findall(text)):
            holders = self.holders.get(word)
            if holders is None:
                self.holders[word] = [pk]
                bisect.insort(self.words, word)
            else:
                holders.append(pk)

    def remove(self, pk: int, text: str) -> None:
        for word in set(_WORD.findall(text)):
            holders = self.holders.get(word)
            if holders and pk in holders:
                holders.remove(pk)

    def add_all(self, rows: dict[int, tuple[bytes | None, str]]) -> None:
        for pk, (_, text) in rows.items():
            for word in set(_WORD.findall(text)):
                self.holders.setdefault(word, []).append(pk)
        self.words = sorted(self.holders)

    def holding(self, term: str) -> set[int]:
        """The profiles with a word the query word finds, as lib/textsearch.py matches words:
        as typed or by its stem (a word's stem is a prefix of it, so these words start with it)."""
        found: set[int] = set()
        start = stem(term)
        at = bisect.bisect_left(self.words, start)
        while at < len(self.words) and self.words[at].startswith(start):
            if word_matches(term, self.words[at]):
                found.update(self.holders[self.words[at]])
            at += 1
        return found


@dataclass(frozen=True)
class Snapshot:
    """The listed volunteers at one moment: ids sorted, a vector and the shown words for each."""

    ids: np.ndarray
    vectors: np.ndarray  # float32, one unit row per id (zeros for a profile without words)
    texts: list[str]
    index: WordIndex

    def holding(self, terms: list[str]) -> dict[str, np.ndarray]:
        """For each query word, whether each row's shown words hold it."""
        import numpy as np

        found = {}
        for term in terms:
            ids = np.fromiter(self.index.holding(term), dtype=np.int64)
            rows = np.searchsorted(self.ids, ids)
            inside = rows < len(self.ids)
            held = np.zeros(len(self.ids), dtype=bool)
            held[rows[inside][self.ids[rows[inside]] == ids[inside]]] = True
            found[term] = held
        return found


class _Matrix:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple[Any, int] | None = None
        self.rows: dict[int, tuple[bytes | None, str]] = {}  # id -> (float16 vector, shown words)
        self.index = WordIndex()
        self.snapshot: Snapshot | None = None
        self.changed: set[int] = set()  # ids read since the last snapshot

    def current(self) -> Snapshot:
        """Up to date with the table: read whole the first time, then only the profiles changed
        since (and, when the count says one is gone, the listed ids to drop it)."""
        listed = VolunteerProfile.objects.filter(listed=True).order_by()
        seen = listed.aggregate(latest=Max("updated"), n=Count("*"))  # an index-only scan
        stamp = (seen["latest"], seen["n"])
        with self.lock:
            if stamp == self.stamp and self.snapshot is not None:
                return self.snapshot
            self.changed = set()
            if self.stamp is None or self.stamp[0] is None or self.snapshot is None:
                self.rows, self.index = {}, WordIndex()
                self._read(listed, index=False)
                self.index.add_all(self.rows)
                self.snapshot = self._arrange()
            else:
                self._read(VolunteerProfile.objects.filter(updated__gte=self.stamp[0] - LOOK_BACK))
                if len(self.rows) != stamp[1]:  # an account deleted, or a change unseen
                    still = set(listed.values_list("id", flat=True))
                    for pk in set(self.rows).difference(still):
                        self.index.remove(pk, self.rows.pop(pk)[1])
                    missing = still.difference(self.rows)
                    if missing:
                        self._read(listed.filter(id__in=sorted(missing)))
                    self.changed.add(-1)  # the ids changed: arrange them all again
                self.snapshot = self._patched(self.snapshot) or self._arrange()
            self.stamp = stamp
            return self.snapshot

    def _read(self, profiles: QuerySet[VolunteerProfile], *, index: bool = True) -> None:
        for pk, listed, vector, text in profiles.values_list("id", "listed", "vector", "search_text"):
            self.changed.add(pk)
            if index and pk in self.rows:
                self.index.remove(pk, self.rows[pk][1])
            if listed:
                self.rows[pk] = (bytes(vector) if vector else None, text)
                if index:
                    self.index.add(pk, text)
            else:
                self.rows.pop(pk, None)

    def _arrange(self) -> Snapshot:
        import numpy as np

        ids = sorted(self.rows)
        width = _dimensions()
        blank = bytes(2 * width)
        joined = b"".join(self.rows[i][0] or blank for i in ids)
        vectors = np.frombuffer(joined, dtype=np.float16).astype(np.float32).reshape(len(ids), width)
        texts = [self.rows[i][1] for i in ids]
        return Snapshot(np.asarray(ids, dtype=np.int64), vectors, texts, self.index)

    def _patched(self, old: Snapshot) -> Snapshot | None:
        """The last snapshot with the changed rows' vectors and words replaced, when no volunteer
        came or left (a copy: searches under way keep reading the old one); None otherwise."""
        import numpy as np

        if len(old.ids) != len(self.rows):
            return None
        changed = np.asarray(sorted(self.changed), dtype=np.int64)
        at = np.searchsorted(old.ids, changed)
        if len(changed) and (at.max() >= len(old.ids) or not (old.ids[at] == changed).all()):
            return None
        vectors, texts = old.vectors.copy(), list(old.texts)
        width = vectors.shape[1]
        for pk, row in zip(changed.tolist(), at.tolist(), strict=True):
            vector, texts[row] = self.rows[pk]
            vectors[row] = np.frombuffer(vector, dtype=np.float16) if vector else np.zeros(width)
        return Snapshot(old.ids, vectors, texts, self.index)


def _dimensions() -> int:
    from coffeechat.explore.semantic import vectors

    return int(vectors([""]).shape[1])


_MATRIX = _Matrix()


def forget() -> None:
    """Drop the process's matrix (tests that rewrite the table under it)."""
    global _MATRIX
    _MATRIX = _Matrix()


# Searching --------------------------------------------------------------------------------------


@dataclass
class Result:
    profile: VolunteerProfile
    name: str
    reasons: list[str]
    room: rules.Room


@dataclass
class Page:
    results: list[Result]
    total: int
    number: int
    pages: int
    query: str
    filters: Filters
    met: list[str] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def search(query: str, filters: Filters, page: int = 1, per_page: int | None = None) -> Page:
    """A page of volunteers: ranked by the query's meaning and words when there is one (only
    those relevant enough), otherwise every volunteer the filters allow, newest first."""
    query, per_page = query.strip(), per_page or PER_PAGE
    if query:
        matches = _ranked(query, filters)
        total = len(matches)
    else:
        allowed = VolunteerProfile.objects.filter(filters.where()).order_by("-id")
        total = allowed.count()
    pages = max(1, -(-total // per_page))
    number = min(max(1, page), pages)  # a page past the last shows the last
    start = (number - 1) * per_page
    if query:
        shown = matches[start : start + per_page]
    else:
        shown = [Match(pk, 0.0) for pk in allowed.values_list("id", flat=True)[start : start + per_page]]
    return Page(_results(shown, query), total, number, pages, query, filters, filters.met())


def _ranked(query: str, filters: Filters) -> list[Match]:
    import numpy as np

    from coffeechat.explore.semantic import vectors

    matrix = _MATRIX.current()
    if not len(matrix.ids):
        return []
    query_vector = vectors([query])[0]
    if filters.any():
        allowed = VolunteerProfile.objects.filter(filters.where()).order_by().values_list("id", flat=True)
        wanted = np.fromiter(allowed, dtype=np.int64)
        rows = np.searchsorted(matrix.ids, wanted)
        rows = rows[(rows < len(matrix.ids)) & (matrix.ids[np.minimum(rows, len(matrix.ids) - 1)] == wanted)]
        if not len(rows):
            return []
        semantic = matrix.vectors[rows] @ query_vector
    else:
        rows = np.arange(len(matrix.ids))
        semantic = matrix.vectors @ query_vector
    best = np.argpartition(-semantic, BY_MEANING)[:BY_MEANING] if len(rows) > BY_MEANING else range(len(rows))
    chosen = {int(rows[i]): float(semantic[i]) for i in best}
    terms = query_terms(query)
    holds = matrix.holding(terms)
    if terms:
        # Words alone count only when they cover the query (explore/ranking.py): the rows holding
        # nearly all its words, the closest in meaning first.
        held = sum(holds[t].astype(np.int16) for t in terms)[rows]
        enough = np.flatnonzero(held >= math.ceil(STRONG_KEYWORD * len(terms)))
        enough = enough[np.argsort(-semantic[enough])[:BY_WORDS]]
        chosen.update((int(rows[i]), float(semantic[i])) for i in enough)
    scored = [
        Candidate(int(matrix.ids[r]), meaning, frozenset(t for t in terms if holds[t][r]))
        for r, meaning in chosen.items()
    ]
    return rank_candidates(terms, scored)


def _results(matches: list[Match], query: str) -> list[Result]:
    """The page's profiles and each one's room this month: two queries for the page."""
    ids = [m.profile_id for m in matches]
    profiles = (
        VolunteerProfile.objects.filter(pk__in=ids)
        .select_related("user__membership")
        .defer("vector", "vector_text", "search_text")
    )
    found = {p.pk: p for p in profiles}
    asked = asked_this_month(ids)
    today = clock.localdate()
    results = []
    for match in matches:
        profile = found.get(match.profile_id)
        if profile is None:  # left meanwhile
            continue
        room = rules.room(
            profile.monthly_cap, asked.get(profile.pk, 0), profile.paused_until, today, profile.listed
        )
        why = reasons(query, match) if query else []
        results.append(Result(profile, volunteer_name(profile), why, room))
    return results


def asked_this_month(ids: list[int]) -> dict[int, int]:
    """Requests each volunteer received this calendar month (answered or not), in one query: the
    count requests.room_of makes for one volunteer, for a page of them."""
    received = Request.objects.filter(volunteer_id__in=ids, created__gte=month_start(clock.localdate()))
    counted = received.order_by().values_list("volunteer_id").annotate(n=Count("id"))
    return dict(counted.values_list("volunteer_id", "n"))


def volunteer_name(profile: VolunteerProfile) -> str:
    """The name members see, from the membership read with the page's profiles."""
    membership = getattr(profile.user, "membership", None)
    return membership.display_name if membership else (profile.user.get_full_name() or profile.user.username)


def warm_up(*, wait: bool = False) -> None:
    """Read the listed volunteers once at start (about 1-3 s at 50,000: their vectors and words),
    so that no worker's first search waits for it; serve waits before its workers fork, so they
    share what was read, otherwise it is read in the background."""
    from coffeechat.community.access import community_on

    if not community_on():
        return
    if wait:
        _MATRIX.current()
    else:
        threading.Thread(target=_read_in_background, name="coffeechat-directory", daemon=True).start()


def _read_in_background() -> None:
    from django.db import connections

    try:
        _MATRIX.current()
    finally:
        connections.close_all()  # this thread's own
