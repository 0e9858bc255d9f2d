"""Ranking suggestions: relevance, warmth and courtesy into one score and plain reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

# A semantic similarity at or under FLOOR means nothing; at CEILING it is as good as it gets.
SEMANTIC_FLOOR = 0.20
SEMANTIC_CEILING = 0.75
MIN_RELEVANCE = 0.20
WEAK_MEANING = 0.15
STRONG_KEYWORD = 0.8
HOW_KNOWN_REASONS = {
    "classmate": "your classmate",
    "professor": "your professor",
    "alumni": "alumni of your school",
    "relative": "a relative",
    "friend": "a friend",
    "neighbour": "your neighbour",
    "colleague": "a former colleague",
}
STRENGTH_WARMTH = {3: 1.0, 2: 0.75, 1: 0.5}
ANSWERED_FACTOR = 1.1
WAITING_FACTOR = 0.7
STRENGTH_REASONS = {3: "you know them well", 2: "you know them", 1: "you have met"}
SHARED_REASONS = {
    "school": "you both studied at {org}",
    "employer": "you both work at {org}",
    "former_employer": "you both worked at {org}",
}


@dataclass
class Signals:
    person_id: int
    name: str
    title: str = ""
    organization: str = ""
    semantic: float = 0.0  # cosine similarity of the profile to the exploration
    keyword: float = 0.0  # full-text rank over the whole profile, relative to the best, 0 to 1
    coverage: float = 0.0  # the share of the exploration's words the profile holds
    lexical: float = 0.0  # how alike the title and the exploration are as strings, 0 to 1
    tie_strength: int | None = None
    how_known: str = ""
    shared: str = ""  # the user's relation to their organization: school, employer, former_employer
    target_organization: bool = False
    introducers: list[str] = field(default_factory=list)  # names along the best path
    path: list[int] = field(default_factory=list)
    courtesy: str = ""  # "asked" (waiting for them) or "closed" (met, declined), for this exploration
    asked_elsewhere: bool = False  # asked recently for another exploration
    # What was said before outside the app's requests (explore/said.py): the phrase, whether they
    # answered the user's last message (or wrote first), whether the user waits on a recent one.
    said: str = ""
    answered: bool = False
    waiting: bool = False
    organization_id: int | None = None


@dataclass
class Suggestion:
    person_id: int
    name: str
    title: str
    organization: str
    score: float
    reasons: list[str]
    path: list[int]
    direct: bool = False
    organization_id: int | None = None


def relevance(semantic: float, keyword: float, lexical: float = 0.0, coverage: float | None = None) -> float:
    """Meaning first; shared words add to it, and alone (in tags or notes) count for a little."""
    meaning = _meaning(semantic)
    if meaning < WEAK_MEANING:
        # Shared words without shared meaning ("research chemist" for "UX research") are not
        # enough, unless the profile's words match strongly (its tags or notes say it).
        covered = keyword if coverage is None else coverage
        return 0.3 * covered if covered >= STRONG_KEYWORD else 0.0
    return min(1.0, 0.55 * meaning + 0.15 * lexical + 0.3 * keyword)


def _meaning(semantic: float) -> float:
    return max(0.0, min(1.0, (semantic - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR)))


def weak_meaning(semantic: float) -> bool:
    """Whether relevance rests on the words' coverage alone (`coverage` matters only then)."""
    return _meaning(semantic) < WEAK_MEANING


def warmth(s: Signals) -> float:
    value = STRENGTH_WARMTH.get(s.tie_strength or 0, 0.0)
    if not value and s.introducers:
        value = 0.45 if len(s.introducers) == 1 else 0.25
    if s.shared:
        value += 0.3
    if s.how_known in ("alumni", "classmate", "professor", "referral"):
        value += 0.15
    if s.target_organization:
        value += 0.1
    return min(value, 1.0)


def rank(s: Signals) -> Suggestion | None:
    """The suggestion for these signals, or None when the person should not be suggested."""
    if s.courtesy == "closed":
        return None  # already had this conversation, or asked and turned down: leave them be
    fit = relevance(s.semantic, s.keyword, s.lexical, s.coverage)
    if fit < MIN_RELEVANCE:
        return None
    score = fit * (0.55 + 0.45 * warmth(s))
    reasons = [" at ".join(part for part in (s.title, s.organization) if part) or s.name]
    if s.tie_strength:
        reasons.append(STRENGTH_REASONS[s.tie_strength])
    if s.how_known in HOW_KNOWN_REASONS:
        reasons.append(HOW_KNOWN_REASONS[s.how_known])
    if s.how_known == "referral":
        reasons.append("referred to you")
    if s.shared:
        reasons.append(SHARED_REASONS[s.shared].format(org=s.organization))
    if s.target_organization:
        reasons.append("at one of your target organizations")
    if not s.tie_strength and s.introducers:
        if len(s.introducers) == 1:
            reasons.append(f"{s.introducers[0]} can introduce you")
        else:
            reasons.append(
                f"{s.introducers[0]} can ask {' and then '.join(s.introducers[1:])} to introduce you"
            )
    if s.said:
        reasons.append(s.said)
    if s.waiting:
        score *= WAITING_FACTOR  # written to lately, no answer: give them room
    elif s.answered:
        score *= ANSWERED_FACTOR  # they answered before: a little likelier to again
    if s.courtesy == "asked":
        score *= 0.4
        reasons.append("already asked; waiting for an answer")
    elif s.asked_elsewhere:
        score *= 0.6
        reasons.append("asked recently for another exploration")
    return Suggestion(
        person_id=s.person_id,
        name=s.name,
        title=s.title,
        organization=s.organization,
        score=round(score, 4),
        reasons=reasons,
        path=s.path,
        direct=s.tie_strength is not None,
        organization_id=s.organization_id,
    )
