"""What the conversations add up to: plain records in, comparisons and counts out. No database."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from statistics import mean

from coffeechat.insights.phrases import key_of, phrases
from coffeechat.lib.text import fold

# Which answers feed which list of "what keeps coming up".
THEME_KINDS = {"skills": "skills", "education": "training", "reading": "reading", "groups": "groups"}
KIND_NAMES = {
    "skills": "Skills",
    "training": "Degrees, certificates and classes",
    "reading": "Things to read and follow",
    "groups": "Groups and events",
    "organizations": "Organizations mentioned",
    "people": "People mentioned",
}
# Which kind a term is when it turns up as several: an answer to a question says what the term
# was in that conversation (Figma under "skills" is a tool), while organizations and people are
# only spotted by name anywhere in the notes. The user's confirmation overrides both.
KIND_ORDER = ("skills", "training", "reading", "groups", "organizations", "people")
ANSWER_KINDS = frozenset(THEME_KINDS.values())


@dataclass
class Conversation:
    meeting_id: int
    exploration_id: int | None
    person: str
    day: date
    answers: dict[str, list[str]] = field(default_factory=dict)  # theme -> answers
    notes: str = ""
    appealed: str = ""
    not_appealing: str = ""
    pursue: str = ""
    entry: str = ""
    skills_to_build: str = ""
    fit: int | None = None
    impressions: str = ""


@dataclass
class Comparison:
    exploration_id: int
    text: str
    conversations: int
    average_fit: float | None
    pursue: dict[str, int]
    appealed: list[str]
    not_appealing: list[str]
    skills: list[str]  # the six skills and training that came up most, confirmed ones here
    unconfirmed_skills: list[str]  # and the rest here, marked as such wherever they show
    entry: dict[str, int]
    culture: list[str]
    next_step: str


@dataclass(frozen=True)
class Curation:
    """The user's word on items, by (kind, key): a new label, a merge into another key, a yes."""

    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    merged: dict[tuple[str, str], str] = field(default_factory=dict)
    confirmed: frozenset[tuple[str, str]] = frozenset()

    def by_key(self, found: dict[tuple[str, str], str], kind: str, key: str) -> str | None:
        """What `found` holds for this term: under its own kind first, else under any other."""
        for k in (kind, *KIND_ORDER):
            if (k, key) in found:
                return found[(k, key)]
        return None

    def as_key(self) -> tuple[object, ...]:
        return (tuple(sorted(self.labels.items())), tuple(sorted(self.merged.items())), self.confirmed)


@dataclass(frozen=True)  # kept between visits and shared by them (see recurring)
class Recurring:
    kind: str
    key: str
    label: str
    meetings: list[int]
    confirmed: bool = False

    @property
    def count(self) -> int:
        return len(self.meetings)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


_KEPT_ITEMS: dict[tuple[object, ...], list[Recurring]] = {}


def recurring(
    conversations: Iterable[Conversation],
    organizations: dict[str, str] | None = None,
    people: dict[str, str] | None = None,
    curation: Curation | None = None,
) -> list[Recurring]:
    """Items mentioned in the conversations, confirmed ones first, then most often first.

    `organizations` and `people` map folded names to display names, found anywhere in the text.
    Each term (its key) is one item of one kind, however many ways it came up.
    """
    # Every visit reads the same conversations again: the items are kept by everything they are
    # made from (each text, name and word of the user's read here), so any change is a new key.
    talks = list(conversations)
    curation = curation or Curation()
    key = (
        tuple(
            (c.meeting_id, c.notes, c.skills_to_build, tuple((t, tuple(a)) for t, a in c.answers.items()))
            for c in talks
        ),
        tuple(sorted((organizations or {}).items())),
        tuple(sorted((people or {}).items())),
        curation.as_key(),
    )
    items = _KEPT_ITEMS.get(key)
    if items is None:
        if len(_KEPT_ITEMS) >= 256:  # a few accounts' pages, each exploration's row and all of them
            _KEPT_ITEMS.clear()
        items = _KEPT_ITEMS[key] = _recurring(talks, organizations or {}, people or {}, curation)
    return list(items)


def _recurring(
    conversations: list[Conversation],
    organizations: dict[str, str],
    people: dict[str, str],
    curation: Curation,
) -> list[Recurring]:
    mentions: dict[str, dict[str, list[int]]] = defaultdict(dict)  # key -> kind -> meetings
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    # One pattern per kind finds every known name in a text in a single pass.
    matchers = [
        (kind, _name_finder(tuple(sorted(names, key=lambda n: (-len(n), n)))), names)
        for kind, names in (("organizations", organizations), ("people", people))
        if names
    ]

    def add(kind: str, label: str, meeting: int) -> None:
        original = key_of(label)
        key = (curation.merged and curation.by_key(curation.merged, kind, original)) or original
        if not key:
            return
        meetings = mentions[key].setdefault(kind, [])
        if not meetings or meetings[-1] != meeting:  # a conversation's mentions come one after another
            meetings.append(meeting)
        if key == original:  # a merged item is shown by the name of the one it went into
            spellings[key][label] += 1

    for c in conversations:
        for theme, kind in THEME_KINDS.items():
            for answer in c.answers.get(theme, []):
                for item in phrases(answer):
                    add(kind, item, c.meeting_id)
        for item in phrases(c.skills_to_build):
            add("skills", item, c.meeting_id)
        if not matchers:  # the comparison asks only what the answers name
            continue
        text = " ".join([c.notes, *(a for answers in c.answers.values() for a in answers)])
        for kind, find, names in matchers:
            for found in find(text):
                add(kind, names[found], c.meeting_id)

    # The user confirms a term as one kind; should two be on record, the first in KIND_ORDER holds.
    by_order = sorted(curation.confirmed, key=lambda c: KIND_ORDER.index(c[0]), reverse=True)
    confirmed_kind = {key: kind for kind, key in by_order}
    items = []
    for key, kinds in mentions.items():
        kind = confirmed_kind.get(key) or min(kinds, key=lambda k: _kind_rank(k, kinds[k]))
        meetings = sorted({m for found in kinds.values() for m in found})
        label = curation.by_key(curation.labels, kind, key) or _spelling(spellings[key]) or key
        items.append(Recurring(kind, key, label, meetings, confirmed=key in confirmed_kind))
    return sorted(items, key=lambda r: (not r.confirmed, -r.count, KIND_ORDER.index(r.kind), r.key))


# An alternation of a thousand names takes a regex a few milliseconds per note, and the same notes
# are read on every visit: each set of names keeps its pattern and what it found in each text, by
# the text itself, so a changed note or name is a new key and nothing found before is shown for it.
class _NameFinder:
    KEPT = 8192  # texts remembered per set of names

    def __init__(self, names: tuple[str, ...]) -> None:
        # Longest names first, so 'Acme Health' is found rather than 'Acme' inside it.
        self.pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
        self.found: dict[str, frozenset[str]] = {}

    def __call__(self, text: str) -> frozenset[str]:
        found = self.found.get(text)
        if found is None:
            if len(self.found) >= self.KEPT:
                self.found.clear()
            found = self.found[text] = frozenset(self.pattern.findall(fold(text)))
        return found


@lru_cache(maxsize=16)
def _name_finder(names: tuple[str, ...]) -> _NameFinder:
    return _NameFinder(names)


def _kind_rank(kind: str, meetings: list[int]) -> tuple[bool, int, int]:
    return (kind not in ANSWER_KINDS, -len(meetings), KIND_ORDER.index(kind))


def _spelling(seen: Counter[str]) -> str:
    """The usual spelling, and among equals the one with capitals (SQL, not sql)."""
    return max(seen, key=lambda s: (seen[s], sum(c.isupper() for c in s)), default="")


def compare(
    explorations: dict[int, str],
    conversations: list[Conversation],
    next_steps: dict[int, str],
    curation: Curation | None = None,
) -> list[Comparison]:
    by_exploration: dict[int, list[Conversation]] = defaultdict(list)
    for c in conversations:
        if c.exploration_id is not None:
            by_exploration[c.exploration_id].append(c)
    rows = []
    for exploration_id, text in explorations.items():
        talks = by_exploration.get(exploration_id, [])
        fits = [c.fit for c in talks if c.fit]
        culture = [a for c in talks for a in c.answers.get("culture", []) if a.strip()]
        learn = [r for r in recurring(talks, curation=curation) if r.kind in ("skills", "training")][:6]
        rows.append(
            Comparison(
                exploration_id=exploration_id,
                text=text,
                conversations=len(talks),
                average_fit=round(mean(fits), 1) if fits else None,
                pursue=dict(Counter(c.pursue for c in talks if c.pursue)),
                appealed=[c.appealed for c in talks if c.appealed.strip()],
                not_appealing=[c.not_appealing for c in talks if c.not_appealing.strip()],
                skills=[r.label for r in learn if r.confirmed],
                unconfirmed_skills=[r.label for r in learn if not r.confirmed],
                entry=dict(Counter(c.entry for c in talks if c.entry)),
                culture=culture[:3],
                next_step=next_steps.get(exploration_id, ""),
            )
        )
    return rows


@dataclass
class Activity:
    week: date  # the Monday
    messages: int = 0
    meetings: int = 0


def weekly(messages: Iterable[date], meetings: Iterable[date], weeks: int, today: date) -> list[Activity]:
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    rows = {start + timedelta(weeks=i): Activity(start + timedelta(weeks=i)) for i in range(weeks)}
    for day in messages:
        monday = day - timedelta(days=day.weekday())
        if monday in rows:
            rows[monday].messages += 1
    for day in meetings:
        monday = day - timedelta(days=day.weekday())
        if monday in rows:
            rows[monday].meetings += 1
    return list(rows.values())


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole) if whole else None


def tree(edges: list[tuple[int, int]], names: dict[int, str]) -> list[dict[str, object]]:
    """The referral tree: who led to whom, from the people nobody referred."""
    children: dict[int, list[int]] = defaultdict(list)
    referred = set()
    for parent, child in edges:
        if child not in children[parent]:
            children[parent].append(child)
            referred.add(child)

    def node(pid: int, seen: frozenset[int]) -> dict[str, object]:
        kids = [node(c, seen | {c}) for c in children.get(pid, []) if c not in seen]
        return {"id": pid, "name": names.get(pid, "?"), "children": kids}

    roots = [p for p in children if p not in referred]
    return [node(r, frozenset({r})) for r in sorted(roots, key=lambda p: names.get(p, ""))]
