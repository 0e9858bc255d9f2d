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
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import BooleanField, F, Func, Q, QuerySet
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
    meetings = _meetings(owner, {piece.meeting_id for piece, _ in scored})
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


def _meetings(owner: AnyUser, ids: set[int]) -> dict[int, _MeetingFacts]:
    rows = _of_meetings(owner, ids).values_list("pk", "person_id", "person__name", "starts", "time_zone")
    return {
        pk: _MeetingFacts(person, name, _local_day(starts, zone)) for pk, person, name, starts, zone in rows
    }


def _local_day(starts: datetime, zone: str) -> date:
    """The meeting's date where it takes place, as its page shows it."""
    try:
        return starts.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return starts.date()


def _may_hold(fields: tuple[str, ...], terms: list[str]) -> Q:
    """Texts that could match, for the database to leave out the rest (thousands at 500 meetings).

    Every match holds a query word's stem as written in a text of plain ASCII, in any case; a text
    with any other character (an accent, a curly quote) is read, to be folded and matched here.
    """
    may = Q()
    for field in fields:
        for start in {stem(term) for term in terms}:
            may |= Q(**{f"{field}__icontains": start})
        may |= Q(_NotAscii(F(field)))
    return may


class _NotAscii(Func):
    """Whether a text holds a character beyond ASCII: more bytes than characters in UTF-8.
    (Django's regex lookup calls back into Python for every row on SQLite.)"""

    conditional = True
    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        text, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "sqlite":
            return f"(length(CAST({text} AS BLOB)) != length({text}))", params * 2
        return f"(octet_length({text}) != char_length({text}))", params * 2


def _pieces(owner: AnyUser, terms: list[str]) -> Iterator[_Piece]:
    # Each kind is read through the owner's meetings in one query (no list of meeting ids to send).
    mine = {"meeting__owner_id": owner.pk}
    notes = MeetingNotes.objects.filter(_may_hold(("text",), terms), **mine).order_by()
    for meeting_id, text in notes.values_list("meeting_id", "text"):
        yield _Piece(meeting_id, NOTES, "", text, "live", "notes")
    answers = PlannedQuestion.objects.filter(_may_hold(("answer",), terms), **mine)
    for pk, meeting_id, question, answer in answers.values_list("pk", "meeting_id", "text", "answer"):
        yield _Piece(meeting_id, ANSWER, question, answer, "live", f"answer-{pk}")
    labels = [str(getattr(Reflection._meta.get_field(f), "verbose_name", f)) for f in REFLECTION_TEXTS]
    reflections = Reflection.objects.filter(_may_hold(REFLECTION_TEXTS, terms), **mine).order_by()
    for meeting_id, *texts in reflections.values_list("meeting_id", *REFLECTION_TEXTS):
        for field, label, text in zip(REFLECTION_TEXTS, labels, texts, strict=True):
            if text:
                yield _Piece(meeting_id, REFLECTION, label, text, "reflect", f"id_{field}")
    research = ResearchItem.objects.filter(_may_hold(("notes",), terms), **mine)
    for meeting_id, label, notes_text in research.values_list("meeting_id", "label", "notes"):
        yield _Piece(meeting_id, RESEARCH, label, notes_text, "brief")


def _address(name: str, meeting_id: int, anchor: str = "") -> str:
    url = reverse(f"conversations:{name}", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url
