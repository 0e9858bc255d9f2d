"""What the user wrote about their conversations, for the search box (a network search source).

Meeting notes, answers noted against the plan, reflections and research notes are read for the
signed-in user's meetings only and matched in Python (`coffeechat.lib.textsearch`), not through
a full-text index: one person's writing is small (dozens of meetings, a few pages each), it is
read through the owner index on meetings, and the matching is then the same on SQLite and
PostgreSQL with no table, trigger or backup section to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from coffeechat.conversations.models import Meeting, MeetingNotes, PlannedQuestion, Reflection, ResearchItem
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


@dataclass(frozen=True)
class _MeetingFacts:
    person_id: int
    person_name: str
    day: date


class _Piece(NamedTuple):  # a tuple: thousands are made for each keystroke
    meeting_id: int
    kind: str
    detail: str
    text: str
    page: str  # the meeting's page where the text is written, and the place on it
    anchor: str = ""


def search_conversation_notes(owner: AnyUser, query: TextQuery) -> list[TextHit]:
    pieces = list(_pieces(owner, query.terms))
    if not pieces:
        return []
    # The database keeps every text holding a query word anywhere ("ade" is in "made" and
    # "trade"); most are then not matches. Only the meetings of the texts that could match are
    # read, first without their dates (reading and converting 500 meetings' times was a third of
    # a keystroke's 28 ms), and a query word may name the person instead of being in the text
    # ("maria budget").
    ids = {piece.meeting_id for piece in pieces}
    people = _people_met(owner, ids)
    in_name = {pk: terms_found(query.terms, people[pk][1]) for pk in ids if pk in people}
    scored = []
    for piece in pieces:
        if piece.meeting_id in people:  # else its meeting was deleted in between
            score = match_score(query.terms, piece.text, found_elsewhere=in_name[piece.meeting_id])
            if score:
                scored.append((piece, score))
    if not scored:
        return []
    meetings = _meetings(owner, {piece.meeting_id for piece, _ in scored}, people)
    # Sorted first, and hits, snippets and addresses made only for those shown ("writ" is in a
    # thousand texts at 500 meetings).
    kept = [(piece, score) for piece, score in scored if piece.meeting_id in meetings]  # else deleted
    kept.sort(key=lambda pair: order_of(pair[1], meetings[pair[0].meeting_id].day, pair[0].meeting_id))
    return [
        replace(
            _hit(piece, meetings[piece.meeting_id], score),
            snippet=snippet(piece.text, query.terms, query.snippet_width),
            url=_address(piece.page, piece.meeting_id, piece.anchor),
            meeting_url=_address("meeting", piece.meeting_id),
        )
        for piece, score in kept[: query.limit]
    ]


def _hit(piece: _Piece, facts: _MeetingFacts, score: int) -> TextHit:
    return TextHit(
        kind=piece.kind,
        detail=piece.detail,
        snippet=(),
        person_id=facts.person_id,
        person_name=facts.person_name,
        meeting_id=piece.meeting_id,
        meeting_date=facts.day,
        url="",
        meeting_url="",
        score=score,
    )


def _of_meetings(owner: AnyUser, ids: set[int]) -> QuerySet[Meeting]:
    mine = Meeting.objects.filter(owner_id=owner.pk).order_by()
    # A word in most notes ("writ") names hundreds of meetings: sending and planning their ids
    # took longer than reading every meeting through the owner index.
    return mine.filter(pk__in=ids) if len(ids) <= MOST_MEETINGS_BY_ID else mine


def _people_met(owner: AnyUser, ids: set[int]) -> dict[int, tuple[int, str]]:
    """The person met and their name, by meeting."""
    rows = _of_meetings(owner, ids).values_list("pk", "person_id", "person__name")
    return {pk: (person, name) for pk, person, name in rows}


def _meetings(owner: AnyUser, ids: set[int], people: dict[int, tuple[int, str]]) -> dict[int, _MeetingFacts]:
    """The facts a hit shows, by meeting: `people` (from _people_met) gives whom each was with."""
    rows = _of_meetings(owner, ids).values_list("pk", "starts", "time_zone")
    return {
        pk: _MeetingFacts(*people[pk], _local_day(starts, zone)) for pk, starts, zone in rows if pk in people
    }


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
        holds = [f"UPPER({column}) LIKE %s ESCAPE '\\'" for _ in starts]
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


def _pieces(owner: AnyUser, terms: list[str]) -> Iterator[_Piece]:
    starts = sorted({stem(term) for term in terms})
    kinds = [_NOTES, _ANSWERS, *_REFLECTIONS, _RESEARCH]
    parts, params = [], []
    for kind, (table, column, detail, position, pk) in enumerate(kinds):
        may, may_params = _may_hold(f"x.{column}", starts, connection.vendor)
        parts.append(
            f"SELECT {kind}, x.meeting_id, {position}, {pk}, {detail}, x.{column} FROM {table} AS x "
            f"JOIN {Meeting._meta.db_table} AS m ON m.id = x.meeting_id "
            f"WHERE m.owner_id = %s AND x.{column} <> '' AND {may}"
        )
        params += [owner.pk, *may_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = sorted(cursor.fetchall(), key=lambda row: row[:4])
    labels = [str(getattr(Reflection._meta.get_field(f), "verbose_name", f)) for f in REFLECTION_TEXTS]
    research = 1 + len(REFLECTION_TEXTS) + 1
    for kind, meeting_id, _, pk, detail, text in rows:
        if kind == 0:
            yield _Piece(meeting_id, NOTES, "", text, "live", "notes")
        elif kind == 1:
            yield _Piece(meeting_id, ANSWER, detail, text, "live", f"answer-{pk}")
        elif kind < research:
            field = REFLECTION_TEXTS[kind - 2]
            yield _Piece(meeting_id, REFLECTION, labels[kind - 2], text, "reflect", f"id_{field}")
        else:
            yield _Piece(meeting_id, RESEARCH, detail, text, "brief")


def _address(name: str, meeting_id: int, anchor: str = "") -> str:
    url = reverse(f"conversations:{name}", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url
