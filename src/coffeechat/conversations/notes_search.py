"""What the user wrote about their conversations, for the search box (a network search source).

Meeting notes, answers noted against the plan, reflections and research notes are read for the
signed-in user's meetings only and matched in Python (`coffeechat.lib.textsearch`), not through
a full-text index: one person's writing is small (dozens of meetings, a few pages each), it is
read through the owner index on meetings, and the matching is then the same on SQLite and
PostgreSQL with no table, trigger or backup section to keep in step.
"""

from __future__ import annotations

import heapq
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection

from coffeechat.conversations.models import Meeting, MeetingNotes, PlannedQuestion, Reflection, ResearchItem
from coffeechat.core.addresses import address_of
from coffeechat.lib.textsearch import match_score, snippet, stem, terms_found
from coffeechat.network.access import AnyUser
from coffeechat.network.search_sources import TextHit, TextQuery, order_of

NOTES = "meeting notes"
ANSWER = "answer to a planned question"
REFLECTION = "reflection"
RESEARCH = "research note"
MOST_MEETINGS_BY_ID = 100
# The reflection's written fields, in the order of its form.
REFLECTION_TEXTS = ("appealed", "not_appealing", "skills_to_build", "already_bring", "impressions")


class _Piece(NamedTuple):  # a tuple: thousands are made for each keystroke
    meeting_id: int
    starts: datetime  # the meeting's
    zone: str  # the meeting's time zone
    kind: str
    detail: str
    text: str
    page: str  # the meeting's page where the text is written, and the place on it
    anchor: str = ""


# No place is further ahead of UTC (14 hours today; the local mean times of old dates in the time
# zone database reach nearly 16): a meeting starting before midnight UTC minus this is on an
# earlier date wherever it took place.
FURTHEST_AHEAD = timedelta(hours=16)


def search_conversation_notes(owner: AnyUser, query: TextQuery) -> list[TextHit]:
    # The database keeps every text holding a query word anywhere ("ade" is in "made" and
    # "trade"); most are then not matches.
    days = _Days()
    if len(set(query.terms)) == 1:
        # One word, as while typing: every match scores alike and the newest are shown, so texts
        # are matched from the newest meeting back until no older one could be among them ("writ"
        # is in a thousand texts at 500 meetings), and only the people of those shown are read.
        with closing(_pieces(owner, query.terms)) as newest_first:
            scored = _newest_matching(newest_first, query.terms, query.limit, days)
        kept = _best(scored, days, query.limit)
        people = _people_met(owner, {piece.meeting_id for piece, _ in kept}) if kept else {}
    else:
        pieces = list(_pieces(owner, query.terms))
        if not pieces:
            return []
        # A word may name the person instead of being in the text ("maria budget").
        people = _people_met(owner, {piece.meeting_id for piece in pieces})
        in_name = {pk: terms_found(query.terms, name) for pk, (_, name) in people.items()}
        scored = []
        for piece in pieces:
            if piece.meeting_id in people:  # else its meeting was deleted in between
                score = match_score(query.terms, piece.text, found_elsewhere=in_name[piece.meeting_id])
                if score:
                    scored.append((piece, score))
        kept = _best(scored, days, query.limit)
    # Hits, snippets and addresses are made only for those shown.
    return [
        TextHit(
            kind=piece.kind,
            detail=piece.detail,
            snippet=snippet(piece.text, query.terms, query.snippet_width),
            person_id=people[piece.meeting_id][0],
            person_name=people[piece.meeting_id][1],
            meeting_id=piece.meeting_id,
            meeting_date=days(piece),
            url=_address(piece.page, piece.meeting_id, piece.anchor),
            meeting_url=_address("meeting", piece.meeting_id),
            score=score,
        )
        for piece, score in kept
        if piece.meeting_id in people  # else deleted in between
    ]


class _Days:
    """The date of each meeting where it takes place, worked out once per meeting."""

    def __init__(self) -> None:
        self.known: dict[int, date] = {}

    def __call__(self, piece: _Piece) -> date:
        day = self.known.get(piece.meeting_id)
        if day is None:
            day = self.known[piece.meeting_id] = _local_day(piece.starts, piece.zone)
        return day


_Scored = list[tuple[_Piece, int]]  # a text and how many of the query's words it holds


def _newest_matching(pieces: Iterable[_Piece], terms: list[str], limit: int, days: _Days) -> _Scored:
    """The matches among the texts of the newest meetings (`pieces` come newest first), as far
    back as any could still be among the `limit` newest matches (by their meetings' dates where
    they took place, then ids)."""
    found = []
    newest: list[tuple[date, int]] = []  # a heap of the `limit` newest matches' (date, meeting)
    for piece in pieces:
        if len(newest) == limit and (piece.starts + FURTHEST_AHEAD).date() < newest[0][0]:
            break  # this meeting and every one before it were on earlier dates
        score = match_score(terms, piece.text)
        if score:
            found.append((piece, score))
            key = (days(piece), piece.meeting_id)
            if len(newest) < limit:
                heapq.heappush(newest, key)
            elif key > newest[0]:
                heapq.heapreplace(newest, key)
    return found


def _best(scored: _Scored, days: _Days, limit: int) -> _Scored:
    return sorted(scored, key=lambda pair: order_of(pair[1], days(pair[0]), pair[0].meeting_id))[:limit]


def _people_met(owner: AnyUser, ids: set[int]) -> dict[int, tuple[int, str]]:
    """The person met and their name, by meeting."""
    mine = Meeting.objects.filter(owner_id=owner.pk).order_by()
    # A word in most notes ("writ") names hundreds of meetings: looking up 500 ids one by one,
    # even sent as one list (`__among`), took longer than reading every meeting through the owner
    # index (PostgreSQL 3.9 ms against 2.5; at 100 ids 1.3 against 2.5).
    rows = (mine.filter(pk__among=ids) if len(ids) <= MOST_MEETINGS_BY_ID else mine).values_list(
        "pk", "person_id", "person__name"
    )
    return {pk: (person, name) for pk, person, name in rows}


def _local_day(starts: datetime, zone: str) -> date:
    """The meeting's date where it takes place, as its page shows it."""
    try:
        return starts.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return starts.date()


def _may_hold(column: str, starts: list[str], vendor: str) -> tuple[str, list[str]]:
    """A condition keeping the texts that could match, for the database to leave out the rest
    (thousands at 500 meetings), and its parameters.

    Every match holds a query word's stem as written in a text of plain ASCII, in any case; a text
    with any other character (an accent, a curly quote) is read, to be folded and matched here.
    Such a text has more bytes than characters in UTF-8 (Django's regex lookup would call back
    into Python for every row on SQLite). SQLite's LIKE ignores the case of ASCII letters by
    itself; upper-casing every text first took a third of the statement's time there.
    """
    if vendor == "sqlite":
        beyond_ascii = f"length(CAST({column} AS BLOB)) != length({column})"
        holds = [f"{column} LIKE %s ESCAPE '\\'" for _ in starts]
    else:
        beyond_ascii = f"octet_length({column}) != char_length({column})"
        # Upper-cased as bytes (the "C" collation): only ASCII letters need it here, and the
        # database's own collation made it twice as slow.
        holds = [f"UPPER({column} COLLATE \"C\") LIKE %s ESCAPE '\\'" for _ in starts]
    return f"({' OR '.join([*holds, beyond_ascii])})", [f"%{_escaped(start).upper()}%" for start in starts]


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# What is searched: (table, the text's column, the detail shown beside it, a position to keep
# the page's order). One statement reads them all, each kind through the owner's meetings: as
# four ORM queries, building them took as long as running them (5 ms of a keystroke's 11 on
# PostgreSQL, where each is also a round trip).
_NOTES = (MeetingNotes._meta.db_table, "text", "''", "0", "0")
_ANSWERS = (PlannedQuestion._meta.db_table, "answer", "x.text", "x.position", "x.id")
_REFLECTIONS = [(Reflection._meta.db_table, field, "''", "0", "0") for field in REFLECTION_TEXTS]
_RESEARCH = (ResearchItem._meta.db_table, "notes", "x.label", "x.position", "x.id")


def _pieces(owner: AnyUser, terms: list[str]) -> Generator[_Piece, None, None]:
    """The texts that could match, the newest meeting's first, each meeting's in the order of its
    page; read a batch at a time, so that a search stopping early converts no more rows."""
    starts = sorted({stem(term) for term in terms})
    kinds = [_NOTES, _ANSWERS, *_REFLECTIONS, _RESEARCH]
    parts, params = [], []
    for kind, (table, column, detail, position, pk) in enumerate(kinds):
        may, may_params = _may_hold(f"x.{column}", starts, connection.vendor)
        parts.append(
            f"SELECT {kind}, x.meeting_id, {position}, {pk}, {detail}, x.{column}, m.starts, m.time_zone "
            f"FROM {table} AS x "
            f"JOIN {Meeting._meta.db_table} AS m ON m.id = x.meeting_id "
            f"WHERE m.owner_id = %s AND x.{column} <> '' AND {may}"
        )
        params += [owner.pk, *may_params]
    labels = [str(getattr(Reflection._meta.get_field(f), "verbose_name", f)) for f in REFLECTION_TEXTS]
    research = 1 + len(REFLECTION_TEXTS) + 1
    moments: dict[int, datetime] = {}
    with connection.cursor() as cursor:
        # starts, then kind, meeting, position and id
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 7 DESC, 1, 2, 3, 4", params)
        for kind, meeting_id, _, pk, detail, text, starts, zone in _batches(cursor):
            if meeting_id not in moments:
                moments[meeting_id] = _moment(starts)
            meeting = (meeting_id, moments[meeting_id], zone)
            if kind == 0:
                yield _Piece(*meeting, NOTES, "", text, "live", "notes")
            elif kind == 1:
                yield _Piece(*meeting, ANSWER, detail, text, "live", f"answer-{pk}")
            elif kind < research:
                field = REFLECTION_TEXTS[kind - 2]
                yield _Piece(*meeting, REFLECTION, labels[kind - 2], text, "reflect", f"id_{field}")
            else:
                yield _Piece(*meeting, RESEARCH, detail, text, "brief")


def _batches(cursor: Any, size: int = 100) -> Iterator[tuple[Any, ...]]:
    while rows := cursor.fetchmany(size):
        yield from rows


def _moment(value: datetime | str) -> datetime:
    """A meeting's start as read by the bare cursor: aware from PostgreSQL, text from SQLite (in
    UTC, as Django stores it there)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=connection.timezone)


def _address(name: str, meeting_id: int, anchor: str = "") -> str:
    url = address_of(f"conversations:{name}", meeting_id)
    return f"{url}#{anchor}" if anchor else url
