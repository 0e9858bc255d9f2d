"""The exploration's words in the profiles of candidates: full-text rank and coverage.

Ranked only among the candidates found by meaning (and at target organizations), plus the
people whose tags or notes hold every word: an OR of an exploration's words over the whole
network matches half of it ("health", "care"), and ranking all those took 0.3 to 0.5 s at
100,000 people. Each query is bounded by the candidates or by a selective AND.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from django.db import connection

from coffeechat.network.search import MAX_QUERY_WORDS, PG_PREFIX_TERM, STOP_WORDS, WordMatch, words
from coffeechat.network.search import _coverage as coverage_of
from coffeechat.network.search_index import HAS_TAGS_OR_NOTES, TAGS_NOTES

STRONG = 300  # people found by their tags or notes alone

_SQLITE_RANK = "-bm25(network_person_fts, 10.0, 4.0, 4.0, 3.0, 1.0)"


def terms_of(text: str) -> list[str]:
    return [t for t in words(text) if t not in STOP_WORDS and len(t) > 1][: MAX_QUERY_WORDS * 2]


def tagged_people(owner_id: int, terms: list[str]) -> list[int]:
    """People whose tags or notes hold every word (prefixes, as search does), best first."""
    if not terms:
        return []
    if connection.vendor == "postgresql":
        params: list[object] = []
        for term in terms:
            params += [f"{term}:*", f"{term}:*"]
        every = " && ".join([PG_PREFIX_TERM] * len(terms))
        # The expression and condition of the tags-and-notes index (network migration 0008).
        sql = f"""
            SELECT person_id FROM network_searchentry, (SELECT {every} AS query) q
            WHERE owner_id = %s AND {HAS_TAGS_OR_NOTES} AND {TAGS_NOTES} @@ q.query
            ORDER BY ts_rank({TAGS_NOTES}, q.query) DESC, person_id LIMIT %s
        """
    else:
        sql = f"""
            SELECT e.person_id FROM network_person_fts AS f
            JOIN network_searchentry AS e ON e.person_id = f.rowid
            WHERE network_person_fts MATCH %s AND e.owner_id = %s
            ORDER BY {_SQLITE_RANK} DESC, e.person_id LIMIT %s
        """
        params = ["{tags notes} : (" + " AND ".join(f'"{t}"*' for t in terms) + ")"]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, owner_id, STRONG])
        return [row[0] for row in cursor.fetchall()]


def word_matches(
    terms: list[str], candidates: Collection[int], covered: Collection[int], limit: int = 500
) -> dict[int, WordMatch]:
    """Full-text rank of the candidates matching any word (relative to the best of them), and
    the share of the words each holds (for those in `covered` only, 0 for the rest: reading
    every profile's text to count took as long as the ranking); the best `limit` only."""
    if not terms or not candidates:
        return {}
    # SQLite: the matches are read once and each looked up among the candidates (+rowid); as a
    # lookup per candidate, FTS5 would merge every word's prefix list again for each.
    ids = json.dumps(sorted(candidates))
    if connection.vendor == "postgresql":
        params: list[object] = []
        for term in terms:
            params += [f"{term}:*", f"{term}:*"]
        sql = f"""
            SELECT person_id, ts_rank(search_vector, q.query) FROM network_searchentry,
                (SELECT {" || ".join([PG_PREFIX_TERM] * len(terms))} AS query) AS q
            WHERE person_id IN (SELECT value::bigint FROM json_array_elements_text(%s::json))
                AND search_vector @@ q.query
            ORDER BY 2 DESC, person_id LIMIT %s
        """
        params += [ids, limit]
    else:
        sql = f"""
            SELECT rowid, {_SQLITE_RANK} FROM network_person_fts
            WHERE network_person_fts MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))
            ORDER BY 2 DESC, rowid LIMIT %s
        """
        params = [" OR ".join(f'"{t}"*' for t in terms), ids, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    wanted = set(covered)
    coverage = coverage_of([pid for pid, _ in rows if pid in wanted], terms)
    best = max((float(score) for _, score in rows), default=0.0) or 1.0
    return {pid: WordMatch(coverage.get(pid, 0.0), float(score) / best) for pid, score in rows}
