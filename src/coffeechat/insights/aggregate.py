"""What the conversations add up to: plain records in, comparisons and counts out. No database."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean

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
_SPLIT = re.compile(r"[\n;•]+|,\s+|\s+and\s+|\.\s+")
_LEADING = re.compile(r"^(?:the|a|an|to|more|some|good|strong|maybe|also)\s+", re.IGNORECASE)


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
    skills: list[str]
    entry: dict[str, int]
    culture: list[str]
    next_step: str


def phrases(text: str) -> list[str]:
    """The short items in a free-text answer: 'SQL, user interviews and a UX certificate'."""
    found = []
    for part in _SPLIT.split(text or ""):
        item = _LEADING.sub("", part.strip(" -–*\t.:!?\"'()")).strip()
        if 2 < len(item) <= 60 and len(item.split()) <= 6:
            found.append(item)
    return found


def key_of(item: str) -> str:
    return re.sub(r"[^\w ]+", "", fold(item)).strip()


@dataclass
class Recurring:
    kind: str
    key: str
    label: str
    meetings: list[int]

    @property
    def count(self) -> int:
        return len(self.meetings)


def recurring(
    conversations: Iterable[Conversation],
    organizations: dict[str, str] | None = None,
    people: dict[str, str] | None = None,
    labels: dict[tuple[str, str], str] | None = None,
    merged: dict[tuple[str, str], str] | None = None,
) -> list[Recurring]:
    """Items mentioned in the conversations, most often first, each with where it came up.

    `organizations` and `people` map folded names to display names, found anywhere in the text;
    `labels` renames items and `merged` sends an item's key to another's (the user's curation).
    """
    labels, merged = labels or {}, merged or {}
    seen: dict[tuple[str, str], Recurring] = {}
    # One pattern per kind finds every known name in a text in a single pass.
    matchers = [
        (
            kind,
            re.compile(
                r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
            ),
            names,
        )
        for kind, names in (("organizations", organizations or {}), ("people", people or {}))
        if names
    ]

    def add(kind: str, label: str, meeting: int) -> None:
        key = key_of(label)
        key = merged.get((kind, key), key)
        if not key:
            return
        item = seen.setdefault((kind, key), Recurring(kind, key, labels.get((kind, key), label), []))
        if meeting not in item.meetings:
            item.meetings.append(meeting)

    for c in conversations:
        for theme, kind in THEME_KINDS.items():
            for answer in c.answers.get(theme, []):
                for item in phrases(answer):
                    add(kind, item, c.meeting_id)
        for item in phrases(c.skills_to_build):
            add("skills", item, c.meeting_id)
        text = fold(" ".join([c.notes, *(a for answers in c.answers.values() for a in answers)]))
        for kind, pattern, names in matchers:
            for found in set(pattern.findall(text)):
                add(kind, names[found], c.meeting_id)
    return sorted(seen.values(), key=lambda r: (-r.count, r.kind, r.key))


def compare(
    explorations: dict[int, str], conversations: list[Conversation], next_steps: dict[int, str]
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
        rows.append(
            Comparison(
                exploration_id=exploration_id,
                text=text,
                conversations=len(talks),
                average_fit=round(mean(fits), 1) if fits else None,
                pursue=dict(Counter(c.pursue for c in talks if c.pursue)),
                appealed=[c.appealed for c in talks if c.appealed.strip()],
                not_appealing=[c.not_appealing for c in talks if c.not_appealing.strip()],
                skills=[r.label for r in recurring(talks) if r.kind in ("skills", "training")][:6],
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
