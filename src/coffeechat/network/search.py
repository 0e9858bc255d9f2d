"""Full-text search over people: one function, two engines.

SQLite uses an FTS5 table (porter stemming over unicode61 with diacritics removed, prefix
indexes for search-as-you-type); PostgreSQL a weighted tsvector with the English stemmer. The
text indexed is folded in Python first (coffeechat.lib.text.fold), so accents and case match
the same way on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection

from coffeechat.lib.text import fold, words
from coffeechat.network.models import Person, SearchEntry
from coffeechat.network.search_index import NAME_WORDS

MAX_QUERY_WORDS = 8
RANKED_FROM_LETTERS = 3  # what was said is searched from this many letters (search_sources)
ALONG_NAMES_UP_TO = 3  # SQLite looks along names for a word this short (see _names_starting)
RANKED_AMONG = 2000  # at most this many matches are ranked (see _search_sqlite, _search_postgresql)


def search_document(person: Person, tag_names: Iterable[str]) -> SearchEntry:
    org = person.organization
    return make_entry(person, org.name if org else "", org.industry if org else "", tag_names)


def make_entry(person: Person, organization: str, industry: str, tag_names: Iterable[str]) -> SearchEntry:
    """The entry for a person whose organization is known by name (bulk writers have no object)."""
    name, title, org, tags, notes = entry_texts(
        person.name,
        person.title,
        f"{organization} {industry}",
        tag_names,
        f"{person.location} {person.notes}",
    )
    return SearchEntry(
        person_id=person.pk,
        owner_id=person.owner_id,
        name=name,
        title=title,
        organization=org,
        tags=tags,
        notes=notes,
    )


def entry_texts(
    name: str,
    title: str,
    organization: str,
    tag_names: Iterable[str],
    notes: str,
    fold_repeated: Callable[[str], str] = fold,
) -> tuple[str, str, str, str, str]:
    """The folded texts of a search entry: name, title, organization, tags, notes.

    Titles and organizations repeat across many people: a bulk writer passes a remembering
    `fold_repeated` for them.
    """
    return (
        fold(name),
        fold_repeated(title),
        fold_repeated(organization),
        fold(" ".join(tag_names)),
        fold(notes),
    )


def refresh_search_entries(person_ids: Iterable[int]) -> None:
    """Rewrite the search entries of these people from what is stored now."""
    ids = list(person_ids)
    if not ids:
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        people = Person.objects.filter(pk__in=chunk).select_related("organization")
        tags_of: dict[int, list[str]] = {}
        for person_id, tag_name in Person.tags.through.objects.filter(person_id__in=chunk).values_list(
            "person_id", "tag__name"
        ):
            tags_of.setdefault(person_id, []).append(tag_name)
        entries = [search_document(p, tags_of.get(p.pk, [])) for p in people]
        SearchEntry.objects.filter(person_id__in=chunk).delete()
        SearchEntry.objects.bulk_create(entries)


def search_people(owner: User, query: str, limit: int = 50) -> list[int]:
    """Ids of the owner's people matching every word of the query, best match first.

    Each word also matches as a prefix, so results follow the user's typing. A single word finds
    the people whose first name, then another word of their name, starts with it first, by name;
    the rest are ranked, at most RANKED_AMONG of them.
    """
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms:
        return []
    # The ranking is bounded: names come first, so a name is never lost among the thousands of
    # titles a word like "mana" starts.
    if len(terms) == 1:
        by_name = _names_starting(owner.pk, terms[0], limit)
        if len(by_name) == limit:
            return by_name
        named = set(by_name)
        rest = [pid for pid in _search_ranked(owner.pk, terms, limit) if pid not in named]
        return by_name + rest[: limit - len(by_name)]
    return _search_ranked(owner.pk, terms, limit)


def _names_starting(owner_id: int, start: str, limit: int) -> list[int]:
    """People whose first name starts with these letters, then those with another word of their
    name starting with them, each in the order of names.

    One or two letters are in most of 100,000 people's words: ranking them all by relevance took
    a quarter of a second, when the people a user typing "a" looks for are those whose name starts
    with it. Three letters ("cas") still start a thousand names, ranked in 50 ms on SQLite. First
    names are a range of the owner's (owner, name_key) index, read up to `limit`; the other words
    of names only when first names do not fill the page.
    """
    mine = Person.objects.filter(owner_id=owner_id).order_by("name_key", "id")
    first = mine.filter(name_key__startswith=start)
    if start.isascii() and start.isalnum():
        # A range the index answers: LIKE 'sar%' is not one (case-insensitive on SQLite, the
        # collation on PostgreSQL). Kept to plain letters, which sort in code order everywhere.
        first = first.filter(name_key__gte=start, name_key__lt=start[:-1] + chr(ord(start[-1]) + 1))
    found = list(first.values_list("pk", flat=True)[:limit])
    if len(found) == limit:
        return found
    if connection.vendor == "postgresql" or len(start) > ALONG_NAMES_UP_TO:
        # Through the index: the name there is folded, not keyed ("o'neil", not "o neil"), so a
        # person may be among both.
        others = (
            _other_name_words_postgresql if connection.vendor == "postgresql" else _other_name_words_sqlite
        )
        seen = set(found)
        return found + [pk for pk in others(owner_id, start, limit) if pk not in seen][: limit - len(found)]
    # SQLite's stemmer reads a short start like "tay" as "tai" and would find no Taylor: up to
    # three letters, the other words are looked for along the owner's names (1-2 ms for a last
    # name as common as "tay"; 30 ms when no name has the word, which reads all of them).
    others = mine.filter(name_key__contains=f" {start}").exclude(name_key__startswith=start)
    return found + list(others.values_list("pk", flat=True)[: limit - len(found)])


def _other_name_words_sqlite(owner_id: int, start: str, limit: int) -> list[int]:
    """People with a word of their name after the first starting with `start` (four letters or
    more), in the order of their folded names, through the full-text index's name column (under
    1 ms for "mana", which starts a word of 21,000 titles; reading along all names when none has
    it took 30 ms).
    """
    sql = """
        SELECT e.person_id FROM network_person_fts AS f
        CROSS JOIN network_searchentry AS e ON e.person_id = f.rowid
        WHERE network_person_fts MATCH %s AND e.owner_id = %s AND substr(e.name, 1, %s) <> %s
        ORDER BY e.name, e.person_id LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [f'name : "{start}"*', owner_id, len(start), start, limit])
        return [row[0] for row in cursor.fetchall()]


def _other_name_words_postgresql(owner_id: int, start: str, limit: int) -> list[int]:
    """People with a word of their name after the first starting with `start`, in the order of
    their folded names.

    Through the index over the words of names alone (network 0010): looking along the names, as
    SQLite does for short words, read all 100,000 of them when few or none hold the word ("sin":
    35 ms), and the whole-profile index read the 21,000 managers for "mana" (47 ms); this one
    finds them in under a millisecond. The search entry's own name is sorted, not the person's
    name key: joining the 2,000 people whose name has a word starting with "sil" took 16 ms, 5
    without.
    """
    sql = f"""
        SELECT person_id FROM network_searchentry
        WHERE owner_id + 0 = %s AND {NAME_WORDS} @@ to_tsquery('simple', %s) AND left(name, %s) <> %s
        ORDER BY name, person_id LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner_id, f"{start}:*", len(start), start, limit])
        return [row[0] for row in cursor.fetchall()]


def _search_ranked(owner_id: int, terms: list[str], limit: int) -> list[int]:
    if connection.vendor == "postgresql":
        return _search_postgresql(owner_id, terms, limit)
    return _search_sqlite(owner_id, terms, limit)


def _search_sqlite(owner_id: int, terms: list[str], limit: int) -> list[int]:
    # Every term is quoted, so nothing the user types is read as FTS5 syntax.
    match = " AND ".join(f'"{term}"*' for term in terms)
    # bm25 is worked out for each match: "mana" starts a word of 21,000 of 100,000 people's titles
    # (managers), and ranking them all took 37 ms, against 4 ms for the first RANKED_AMONG found.
    # Those are ranked in the FTS table alone first, the best few then kept to the owner's:
    # checking the owner of each of the thousands took longer than ranking them. Only when other
    # accounts' people crowd the owner's out of the few is every match's owner checked, the FTS
    # table read first (CROSS JOIN), never the owner's 100,000 rows.
    few = max(4 * limit, 200)
    rank = "bm25(network_person_fts, 10.0, 4.0, 4.0, 3.0, 1.0)"
    ranked_alone = f"""
        SELECT f.rowid, e.owner_id FROM (
            SELECT rowid, score FROM (
                SELECT rowid, {rank} AS score FROM network_person_fts
                WHERE network_person_fts MATCH %s LIMIT %s
            ) ORDER BY score, rowid LIMIT %s
        ) AS f LEFT JOIN network_searchentry AS e ON e.person_id = f.rowid
        ORDER BY f.score, f.rowid
    """
    each_checked = f"""
        SELECT person_id FROM (
            SELECT e.person_id, {rank} AS score
            FROM network_person_fts AS f CROSS JOIN network_searchentry AS e ON e.person_id = f.rowid
            WHERE network_person_fts MATCH %s AND e.owner_id = %s LIMIT %s
        ) ORDER BY score, person_id LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(ranked_alone, [match, RANKED_AMONG, few])
        best = cursor.fetchall()
        mine = [person_id for person_id, owner in best if owner == owner_id]
        if len(mine) >= limit or len(best) < few:
            return mine[:limit]
        cursor.execute(each_checked, [match, owner_id, RANKED_AMONG, limit])
        return [row[0] for row in cursor.fetchall()]


def _search_postgresql(owner_id: int, terms: list[str], limit: int) -> list[int]:
    # Every word must match (PG_PREFIX_TERM).
    query_sql = " && ".join([PG_PREFIX_TERM] * len(terms))
    params: list[object] = []
    for term in terms:
        params += [f"{term}:*", f"{term}:*"]
    sql = f"""
        SELECT person_id FROM (
            SELECT person_id, search_vector, q.query FROM network_searchentry,
                (SELECT {query_sql} AS query) AS q
            WHERE owner_id + 0 = %s AND search_vector @@ q.query LIMIT %s
        ) AS found
        ORDER BY ts_rank(search_vector, query) DESC, person_id
        LIMIT %s
    """
    # Ranking reads each match's whole vector: "mana" starts a word of 21,000 of 100,000 people
    # (managers), and ranking them all took 60 ms, against 8 ms for the first RANKED_AMONG found.
    # Past that many the order among titles hardly means anything; names come first anyway
    # (search_people), and a second word narrows the matches to within the bound. "owner_id + 0"
    # keeps the owner's index out of it: with the LIMIT the planner would walk that index hoping
    # to meet the bound soon, and read all 100,000 rows when fewer match ("econ": 96 ms, against
    # 13 ms through the full-text index).
    # The query is worked out when the statement runs, not when it is planned, so the planner
    # does not guess from the prefix: written out, "desi:*" was guessed to match a quarter of the
    # rows (12,000 do) and the whole table was read in parallel, 100 ms on two busy cores,
    # instead of the full-text index, 10 ms.
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, owner_id, RANKED_AMONG, limit])
        return [row[0] for row in cursor.fetchall()]


# A word on PostgreSQL, as written or by its English stem, as a prefix (':*'); its two parameters
# are both f"{word}:*", and words are \w+ only, safe inside to_tsquery. When the stem is the word
# itself ("anal", "research") it is asked for once: the index read its posting lists twice
# otherwise (6 ms against 4 for "anal"; 14 against 7 for a four-word exploration).
PG_PREFIX_TERM = (
    "(SELECT CASE WHEN stem = word THEN word ELSE word || stem END"
    " FROM (SELECT to_tsquery('simple', %s) AS word, to_tsquery('english', %s) AS stem) AS t)"
)

STOP_WORDS = frozenset("a an and at by for from in into of on or the to with".split())


@dataclass(frozen=True)
class WordMatch:
    coverage: float  # the share of the text's words the profile holds, 0 to 1
    strength: float  # full-text rank relative to the best match, 0 to 1


def rank_people_any(owner: User, text: str, limit: int = 500) -> dict[int, WordMatch]:
    """People matching any word of a longer text, best first.

    For matching an exploration ("UX research in health care"), where requiring every word
    would find no one, and where matching one word of three is worth a third.
    """
    terms = [t for t in words(text) if t not in STOP_WORDS and len(t) > 1][: MAX_QUERY_WORDS * 2]
    if not terms:
        return {}
    if connection.vendor == "postgresql":
        params: list[object] = []
        for term in terms:
            params += [f"{term}:*", f"{term}:*"]
        sql = f"""
            SELECT person_id, ts_rank(search_vector, q.query) FROM network_searchentry,
                (SELECT {" || ".join([PG_PREFIX_TERM] * len(terms))} AS query) AS q
            WHERE owner_id = %s AND search_vector @@ q.query
            ORDER BY 2 DESC, person_id LIMIT %s
        """
        params += [owner.pk, limit]
    else:
        sql = """
            SELECT e.person_id, -bm25(network_person_fts, 10.0, 4.0, 4.0, 3.0, 1.0)
            FROM network_person_fts AS f JOIN network_searchentry AS e ON e.person_id = f.rowid
            WHERE network_person_fts MATCH %s AND e.owner_id = %s
            ORDER BY 2 DESC, e.person_id LIMIT %s
        """
        params = [" OR ".join(f'"{term}"*' for term in terms), owner.pk, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    coverage = _coverage([pid for pid, _ in rows], terms)
    best = max((float(score) for _, score in rows), default=0.0) or 1.0
    return {pid: WordMatch(coverage[pid], float(score) / best) for pid, score in rows}


def _stem(term: str) -> str:
    # A crude stem, enough to see that "nursing" is in "nurse" and "studies" in "study".
    return term[: min(len(term), max(4, len(term) - 3))]


def _coverage(ranked: list[int], terms: list[str]) -> dict[int, float]:
    stems = [_stem(t) for t in dict.fromkeys(terms)]
    texts = SearchEntry.objects.filter(person_id__among=ranked).values_list(
        "person_id", "name", "title", "organization", "tags", "notes"
    )
    words_of = {pid: " ".join(parts).split() for pid, *parts in texts}
    return {
        pid: sum(any(w.startswith(stem) for w in words_of.get(pid, ())) for stem in stems) / len(stems)
        for pid in ranked
    }
