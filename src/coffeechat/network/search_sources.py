"""The search box also finds what the user wrote in higher apps (meeting notes, reflections).

`network` owns the search page and command but cannot import the apps above it; they register a
source here when their app is ready. A source gets the owner and the folded query words and
returns its hits, each with the person and the meeting it came from; the search merges them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from coffeechat.core.addresses import address_of
from coffeechat.lib.text import words
from coffeechat.lib.textsearch import Fragment, plain
from coffeechat.network.access import AnyUser
from coffeechat.network.search import MAX_QUERY_WORDS, RANKED_FROM_LETTERS


@dataclass(frozen=True)
class TextHit:
    """A piece of the user's own writing that matches the search."""

    kind: str  # what the text is: "meeting notes", "reflection", ...
    detail: str  # which part of it: the question answered, the checklist line
    snippet: tuple[Fragment, ...]
    person_id: int
    person_name: str
    meeting_id: int
    meeting_date: date
    url: str  # the page where the text is written
    meeting_url: str
    score: int  # how many of the query's words the text itself holds

    @property
    def person_url(self) -> str:
        return address_of("network:person", self.person_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "snippet": plain(self.snippet),
            "person": {"id": self.person_id, "name": self.person_name},
            "meeting": {"id": self.meeting_id, "date": self.meeting_date.isoformat()},
            "url": self.url,
        }


@dataclass(frozen=True)
class TextQuery:
    terms: list[str]  # folded words, each to be found in the text or the person's name
    limit: int  # a source returns at most this many hits, the best by `hit_order`
    snippet_width: int  # characters of text around the first match


SearchSource = Callable[[AnyUser, TextQuery], list[TextHit]]
_sources: dict[str, SearchSource] = {}


def register_search_source(name: str, source: SearchSource) -> None:
    _sources[name] = source


def search_texts(owner: AnyUser, query: str, limit: int = 20, snippet_width: int = 160) -> list[TextHit]:
    """The owner's writing matching every word of the query, best first."""
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms or limit < 1 or (len(terms) == 1 and len(terms[0]) < RANKED_FROM_LETTERS):
        # One or two letters start a word in nearly every note: what was said is searched from
        # the third letter, while the people whose names start with them are found at once.
        return []
    asked = TextQuery(terms, limit, snippet_width)
    hits = [hit for source in _sources.values() for hit in source(owner, asked)]
    return sorted(hits, key=hit_order)[:limit]


def hit_order(hit: TextHit) -> tuple[int, int, int]:
    """Best first: the text holding more of the query's words, then the newer meeting.

    A source keeping only its best `limit` hits sorts by this too (or by `order_of`, before it
    makes the hits).
    """
    return order_of(hit.score, hit.meeting_date, hit.meeting_id)


def order_of(score: int, meeting_date: date, meeting_id: int) -> tuple[int, int, int]:
    return (-score, -meeting_date.toordinal(), -meeting_id)
