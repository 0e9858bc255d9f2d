"""Before and after a meeting: the brief, the research checklist, the plan, quotable passages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from django.db import transaction

from coffeechat.conversations.models import (
    Meeting,
    Message,
    PlannedQuestion,
    Reflection,
    ResearchItem,
)
from coffeechat.interviews.models import Question
from coffeechat.interviews.planning import order_plan
from coffeechat.interviews.service import as_item
from coffeechat.network.models import Person

CHECKLIST = [
    "Their career so far (profile, posts, talks)",
    "The organization: what it does, its size, recent news",
    "The occupation: main tasks, pay, outlook",
    "The industry: main players and changes",
    "What you most want to learn from this conversation",
]


def research_items(meeting: Meeting) -> list[ResearchItem]:
    if not meeting.research.exists():
        ResearchItem.objects.bulk_create(
            ResearchItem(meeting=meeting, label=label, position=i) for i, label in enumerate(CHECKLIST)
        )
    return list(meeting.research.all())


@transaction.atomic
def save_plan(meeting: Meeting, questions: list[Question]) -> None:
    """The plan for the meeting: these questions, in bank order with referrals last, answers kept."""
    answers = {p.question_id: p.answer for p in meeting.plan.all() if p.answer}
    ordered = order_plan([as_item(q) for q in questions])
    by_key = {q.pk: q for q in questions}
    meeting.plan.all().delete()
    PlannedQuestion.objects.bulk_create(
        PlannedQuestion(
            meeting=meeting,
            question=by_key[i.key],
            theme=i.theme,
            text=by_key[i.key].text,
            minutes=i.minutes,
            position=n,
            answer=answers.get(i.key, ""),
        )
        for n, i in enumerate(ordered)
    )


def search_link(text: str) -> str:
    return f"https://duckduckgo.com/?q={quote_plus(text)}"


def introducer_of(meeting: Meeting) -> Person | None:
    """Who introduced the user to the person met, if someone did."""
    message = (
        Message.objects.filter(
            owner_id=meeting.owner_id, kind="intro_request", about=meeting.person, sent__isnull=False
        )
        .select_related("person")
        .order_by("-sent")
        .first()
    )
    return message.person if message else None


def brief(meeting: Meeting) -> dict[str, Any]:
    """Everything worth knowing before the meeting, on one page."""
    person, org = meeting.person, meeting.person.organization
    introductions = Message.objects.filter(
        owner_id=meeting.owner_id, kind="intro_request", about=person, sent__isnull=False
    ).select_related("person")
    earlier = Reflection.objects.filter(
        meeting__owner_id=meeting.owner_id, meeting__exploration=meeting.exploration
    )
    return {
        "introducers": sorted({m.person.name for m in introductions}),
        "messages": Message.objects.filter(owner_id=meeting.owner_id, person=person, sent__isnull=False),
        "other_meetings": Meeting.objects.filter(owner_id=meeting.owner_id, person=person).exclude(
            pk=meeting.pk
        ),
        "colleagues": Person.objects.filter(organization=org)
        .exclude(pk=person.pk)
        .exclude(sensitive=True)[:10]
        if org
        else [],
        "lessons": earlier.exclude(meeting=meeting).select_related("meeting__person")
        if meeting.exploration
        else [],
        "person_search": search_link(f"{person.name} {org.name if org else ''}".strip()),
        "organization_search": search_link(org.name) if org else "",
        "research": research_items(meeting),
    }


def quotable(meeting: Meeting) -> list[str]:
    """Short passages from the notes a thank-you could mention."""
    passages = [p.answer.strip() for p in meeting.plan.all() if p.answer.strip()]
    notes = getattr(meeting, "notes", None)
    if notes and notes.text.strip():
        passages += [line.strip() for line in notes.text.splitlines() if len(line.strip()) > 15]
    return [p[:200] for p in passages]
