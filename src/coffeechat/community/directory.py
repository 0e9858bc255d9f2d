"""Finding volunteers: filters in SQL, then ranking by meaning within the filtered ones.

Each process keeps one matrix of the listed volunteers' vectors (and their shown words, folded),
checked on each search against the table's count and latest change (one index-only query) and
brought up to date by reading only the profiles changed since. A search reads the ids the filters
allow, ranks them in memory (a matrix product and a pass over the shown words, a few ms at 50,000
volunteers) and reads from the table only the page shown.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from coffeechat.community import rules
from coffeechat.community.fit import Candidate, Match, rank_candidates
from coffeechat.community.models import Request, VolunteerProfile
from coffeechat.core import clock
from coffeechat.lib.text import fold

if TYPE_CHECKING:
    import numpy as np

PER_PAGE = 20
BY_MEANING = 400  # the most similar by meaning, ranked with every profile sharing a word
BY_WORDS = 2000  # profiles sharing a word, at most
LOOK_BACK = timedelta(seconds=30)  # a save committed late is still read as changed
FULL_RELOAD_EVERY = timedelta(minutes=10)

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
        """Each filter matches the shown value only (a hidden field's key is empty): the start
        of its words as typed, folded."""
        found = Q(listed=True)
        for name in FILTER_FIELDS:
            typed = fold(getattr(self, name))
            if typed:
                found &= Q(**{f"{name}_key__startswith": typed}) | Q(**{f"{name}_key__contains": f" {typed}"})
        if self.year:
            found &= Q(year_key=self.year)
        if self.way:
            found &= Q(ways_key__contains=f" {self.way} ")
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


class _Matrix:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple[Any, int] | None = None
        self.loaded: datetime | None = None
        self.rows: dict[int, tuple[np.ndarray, str]] = {}  # id -> (vector, search text)
        self.ids: np.ndarray | None = None  # sorted
        self.vectors: np.ndarray | None = None
        self.texts: list[str] = []

    def current(self) -> _Matrix:
        listed = VolunteerProfile.objects.filter(listed=True).order_by()
        seen = listed.aggregate(latest=Max("updated"), n=Count("id"))
        stamp = (seen["latest"], seen["n"])
        with self.lock:
            if stamp == self.stamp:
                return self
            now = timezone.now()
            if self.stamp is None or self.stamp[0] is None or now - self.loaded > FULL_RELOAD_EVERY:
                self._read(listed, replace=True)
                self.loaded = now
            else:
                changed = VolunteerProfile.objects.filter(updated__gte=self.stamp[0] - LOOK_BACK)
                self._read(changed, replace=False)
                if len(self.rows) != stamp[1]:  # one left (an account deleted): read them all
                    self._read(listed, replace=True)
                    self.loaded = now
            self.stamp = stamp
            self._arrange()
        return self

    def _read(self, profiles: QuerySet[VolunteerProfile], *, replace: bool) -> None:
        import numpy as np

        if replace:
            self.rows = {}
        zero = np.zeros(_dimensions(), dtype=np.float32)
        for pk, listed, vector, text in profiles.values_list("id", "listed", "vector", "search_text"):
            if not listed:
                self.rows.pop(pk, None)
                continue
            row = np.frombuffer(vector, dtype=np.float16).astype(np.float32) if vector else zero
            self.rows[pk] = (row, text)

    def _arrange(self) -> None:
        import numpy as np

        ids = sorted(self.rows)
        self.ids = np.asarray(ids, dtype=np.int64)
        if ids:
            self.vectors = np.vstack([self.rows[i][0] for i in ids])
        else:
            self.vectors = np.zeros((0, _dimensions()), dtype=np.float32)
        self.texts = [self.rows[i][1] for i in ids]


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
        start = (max(1, page) - 1) * per_page
        shown = matches[start : start + per_page]
        ids = [m.profile_id for m in shown]
    else:
        allowed = VolunteerProfile.objects.filter(filters.where()).order_by("-id")
        total = allowed.count()
        start = (max(1, page) - 1) * per_page
        ids = list(allowed.values_list("id", flat=True)[start : start + per_page])
        shown = [Match(pk, 0.0, []) for pk in ids]
    pages = max(1, -(-total // per_page))
    return Page(_results(shown), total, min(max(1, page), pages), pages, query, filters, filters.met())


def _ranked(query: str, filters: Filters) -> list[Match]:
    import numpy as np

    from coffeechat.explore.semantic import vectors

    matrix = _MATRIX.current()
    assert matrix.ids is not None and matrix.vectors is not None
    if filters.any():
        allowed = VolunteerProfile.objects.filter(filters.where()).order_by().values_list("id", flat=True)
        wanted = np.fromiter(allowed, dtype=np.int64)
        rows = np.searchsorted(matrix.ids, wanted)
        rows = rows[(rows < len(matrix.ids)) & (matrix.ids[np.minimum(rows, len(matrix.ids) - 1)] == wanted)]
    else:
        rows = np.arange(len(matrix.ids))
    if not len(rows):
        return []
    semantic = matrix.vectors[rows] @ vectors([query])[0]
    best = np.argpartition(-semantic, BY_MEANING)[:BY_MEANING] if len(rows) > BY_MEANING else range(len(rows))
    chosen = {int(rows[i]): float(semantic[i]) for i in best}
    stems = _stems(query)
    if stems:
        texts, sharing = matrix.texts, 0
        for position, row in enumerate(rows.tolist()):
            if row not in chosen and any(s in texts[row] for s in stems):
                chosen[row] = float(semantic[position])
                sharing += 1
                if sharing >= BY_WORDS:
                    break
    scored = [Candidate(int(matrix.ids[r]), meaning, matrix.texts[r]) for r, meaning in chosen.items()]
    return rank_candidates(query, scored)


def _stems(query: str) -> list[str]:
    from coffeechat.community.fit import query_terms
    from coffeechat.lib.textsearch import stem

    return [stem(t) for t in query_terms(query)]


def _results(matches: list[Match]) -> list[Result]:
    """The page's profiles and each one's room this month: two queries for the page."""
    ids = [m.profile_id for m in matches]
    profiles = VolunteerProfile.objects.filter(pk__in=ids).select_related("user__membership")
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
        results.append(Result(profile, volunteer_name(profile), match.reasons, room))
    return results


def asked_this_month(ids: list[int], today: date | None = None) -> dict[int, int]:
    """Requests each volunteer received this calendar month (answered or not), in one query."""
    zone = timezone.get_current_timezone()
    today = today or clock.now().astimezone(zone).date()
    start = datetime.combine(rules.month_start(today), datetime.min.time(), tzinfo=zone)
    received = Request.objects.filter(volunteer_id__in=ids, created__gte=start).order_by()
    return dict(received.values_list("volunteer_id").annotate(n=Count("id")).values_list("volunteer_id", "n"))


def volunteer_name(profile: VolunteerProfile) -> str:
    membership = getattr(profile.user, "membership", None)
    return membership.display_name if membership else (profile.user.get_full_name() or profile.user.username)


def room_of(profile: VolunteerProfile) -> rules.Room:
    today = clock.localdate()
    asked = asked_this_month([profile.pk], today).get(profile.pk, 0)
    return rules.room(profile.monthly_cap, asked, profile.paused_until, today, profile.listed)
