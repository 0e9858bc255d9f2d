"""Before, during and after a conversation: the brief, the plan, notes, reflection, referrals."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from coffeechat.explore.models import PipelineEntry
from coffeechat.interviews.bank import QUESTIONS
from coffeechat.interviews.models import PlannedQuestion, Question, Referral, Reflection, ResearchItem
from coffeechat.interviews.planning import Item, order_plan, suggest_plan
from coffeechat.network.models import Person
from coffeechat.network.services import PersonDetails, connect, save_person
from coffeechat.outreach.models import Meeting, Message

CHECKLIST = [
    "Their career so far (profile, posts, talks)",
    "The organization: what it does, its size, recent news",
    "The occupation: main tasks, pay, outlook",
    "The industry: main players and changes",
    "What you most want to learn from this conversation",
]


def questions_for(user: AbstractBaseUser) -> list[Question]:
    """The user's bank, starting from coffeechat's questions the first time."""
    mine = Question.objects.filter(owner_id=user.pk)
    if not mine.exists():
        Question.objects.bulk_create(
            Question(
                owner_id=user.pk,
                theme=theme,
                minutes=minutes,
                research_first=research,
                text=text,
                position=index,
            )
            for index, (theme, minutes, research, text) in enumerate(QUESTIONS)
        )
    return list(mine.order_by("position", "id"))


def research_items(meeting: Meeting) -> list[ResearchItem]:
    if not meeting.research.exists():
        ResearchItem.objects.bulk_create(
            ResearchItem(meeting=meeting, label=label, position=i) for i, label in enumerate(CHECKLIST)
        )
    return list(meeting.research.all())


def _item(q: Question) -> Item:
    return Item(q.pk, q.theme, q.minutes, q.research_first)


def suggested_questions(user: AbstractBaseUser, meeting: Meeting) -> list[Question]:
    bank = [q for q in questions_for(user) if not q.archived]
    by_key = {q.pk: q for q in bank}
    return [by_key[i.key] for i in suggest_plan([_item(q) for q in bank], meeting.minutes)]


@transaction.atomic
def save_plan(meeting: Meeting, questions: list[Question]) -> None:
    """The plan for the meeting: these questions, in bank order with referrals last, answers kept."""
    answers = {p.question_id: p.answer for p in meeting.plan.all() if p.answer}
    ordered = order_plan([_item(q) for q in questions])
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


@transaction.atomic
def add_referral(
    meeting: Meeting,
    *,
    name: str,
    title: str,
    organization: str,
    email: str,
    phone: tuple[str, str] | None,
    will_introduce: bool,
) -> Person:
    """A person suggested in the meeting: in the network, tied to who referred them, on the list."""
    details = PersonDetails(
        organization_name=organization,
        emails=[email] if email else [],
        phones=[phone] if phone else [],
    )
    referred_by = meeting.person
    person = save_person(
        Person(
            name=name,
            title=title,
            how_known="referral",
            notes=f"Referred by {referred_by.name} on {meeting.starts:%d %b %Y}.",
        ),
        meeting.owner,
        details,
    )
    connect(referred_by, person, 2, f"referred by {referred_by.name}"[:200])
    if meeting.exploration_id:
        PipelineEntry.objects.get_or_create(exploration_id=meeting.exploration_id, person=person)
    Referral.objects.create(meeting=meeting, person=person, will_introduce=will_introduce)
    return person


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


def quotable(meeting: Meeting) -> list[str]:
    """Short passages from the notes a thank-you could mention."""
    passages = [p.answer.strip() for p in meeting.plan.all() if p.answer.strip()]
    notes = getattr(meeting, "notes", None)
    if notes and notes.text.strip():
        passages += [line.strip() for line in notes.text.splitlines() if len(line.strip()) > 15]
    return [p[:200] for p in passages]
