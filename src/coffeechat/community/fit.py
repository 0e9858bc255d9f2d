"""How well a volunteer fits a member's words, and why, as suggestions rank people.

Pure: the similarity of meaning and the volunteer's shown words (folded) in, a score and reasons
out. Relevance is explore/ranking.py's own blend (meaning first, shared words adding to it, words
alone counting only when they cover the query), so "UX research" finds a design researcher and
not a research chemist, in the directory as in suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.explore.ranking import MIN_RELEVANCE, relevance, weak_meaning
from coffeechat.lib.text import words
from coffeechat.lib.textsearch import terms_found
from coffeechat.network.search import MAX_QUERY_WORDS, STOP_WORDS

CLOSE_IN_MEANING = 0.35  # a cosine similarity worth saying so


@dataclass(frozen=True)
class Candidate:
    profile_id: int
    semantic: float  # cosine similarity of the shown words to the query
    text: str  # the shown words, folded


@dataclass(frozen=True)
class Match:
    profile_id: int
    score: float
    reasons: list[str]


def query_terms(query: str) -> list[str]:
    return list(dict.fromkeys(t for t in words(query) if t not in STOP_WORDS and len(t) > 1))[
        : MAX_QUERY_WORDS * 2
    ]


def rank_candidates(query: str, candidates: list[Candidate]) -> list[Match]:
    """The relevant candidates, best first (ties by id, so pages are stable)."""
    terms = query_terms(query)
    matches = []
    for candidate in candidates:
        found = terms_found(terms, candidate.text) if terms else set()
        coverage = len(found) / len(terms) if terms else 0.0
        score = relevance(candidate.semantic, coverage, 0.0, coverage)
        if score < MIN_RELEVANCE:
            continue
        matches.append(Match(candidate.profile_id, round(score, 4), reasons(query, candidate, terms, found)))
    matches.sort(key=lambda m: (-m.score, m.profile_id))
    return matches


def reasons(query: str, candidate: Candidate, terms: list[str], found: set[str]) -> list[str]:
    said = []
    if candidate.semantic >= CLOSE_IN_MEANING and not weak_meaning(candidate.semantic):
        said.append(f"close in meaning to “{query}”")
    if found:
        in_common = ", ".join(f"“{t}”" for t in terms if t in found)
        said.append(f"words in common: {in_common}")
    return said
