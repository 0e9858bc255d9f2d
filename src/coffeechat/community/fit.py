"""How well a volunteer fits a member's words, and why, as suggestions rank people.

Pure: the similarity of meaning and which of the query's words the volunteer's shown words hold
in, a score and reasons out. Relevance is explore/ranking.py's own blend (meaning first, shared
words adding to it, words alone counting only when they cover the query), so "UX research"
finds a design researcher and not a research chemist, in the directory as in suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.explore.ranking import MIN_RELEVANCE, relevance, weak_meaning
from coffeechat.lib.text import words
from coffeechat.network.search import MAX_QUERY_WORDS, STOP_WORDS

CLOSE_IN_MEANING = 0.35  # a cosine similarity worth saying so


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    semantic: float  # cosine similarity of the shown words to the query
    found: frozenset[str]  # the query's words (query_terms) that the shown words hold


@dataclass(frozen=True)
class Match:
    profile_id: int
    score: float
    semantic: float = 0.0
    found: frozenset[str] = frozenset()


def query_terms(query: str) -> list[str]:
    return list(dict.fromkeys(t for t in words(query) if t not in STOP_WORDS and len(t) > 1))[
        : MAX_QUERY_WORDS * 2
    ]


def rank_candidates(terms: list[str], candidates: list[Candidate]) -> list[Match]:
    """The relevant candidates, best first (ties by id, so pages are stable)."""
    matches = []
    for candidate in candidates:
        coverage = len(candidate.found) / len(terms) if terms else 0.0
        score = relevance(candidate.semantic, coverage, 0.0, coverage)
        if score >= MIN_RELEVANCE:
            matches.append(Match(candidate.profile_id, round(score, 4), candidate.semantic, candidate.found))
    matches.sort(key=lambda m: (-m.score, m.profile_id))
    return matches


def reasons(query: str, match: Match) -> list[str]:
    """Why a volunteer is in the results, in words (for the page shown only)."""
    said = []
    if match.semantic >= CLOSE_IN_MEANING and not weak_meaning(match.semantic):
        said.append(f"close in meaning to “{query}”")
    if match.found:
        in_common = ", ".join(f"“{t}”" for t in query_terms(query) if t in match.found)
        said.append(f"words in common: {in_common}")
    return said
