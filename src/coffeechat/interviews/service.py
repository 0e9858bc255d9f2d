"""The user's question bank, and the questions that fit a time slot."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.interviews.bank import QUESTIONS, THEMES
from coffeechat.interviews.models import Question
from coffeechat.interviews.planning import Item, suggest_plan


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


def add_question(user: AbstractBaseUser, question: Question) -> Question:
    """A new question of the user's own, at the end of their bank."""
    bank = questions_for(user)
    question.owner_id = user.pk
    question.position = (bank[-1].position + 1) if bank else 0
    question.save()
    return question


def question_to_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk,
        "text": q.text,
        "theme": q.theme,
        "theme_name": THEMES[q.theme],
        "minutes": q.minutes,
        "research_first": q.research_first,
        "archived": q.archived,
    }


def as_item(q: Question) -> Item:
    return Item(q.pk, q.theme, q.minutes, q.research_first)


def suggested_questions(user: AbstractBaseUser, minutes: int) -> list[Question]:
    """The questions of the user's bank that fit a slot of this many minutes."""
    bank = [q for q in questions_for(user) if not q.archived]
    by_key = {q.pk: q for q in bank}
    return [by_key[i.key] for i in suggest_plan([as_item(q) for q in bank], minutes)]
