"""The user's question bank in a backup; plans point at its questions by position."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import (
    CHUNK,
    BackupError,
    IdMaps,
    Section,
    Shape,
    columns_of,
    list_of,
    register_section,
)
from coffeechat.interviews.bank import QUESTIONS
from coffeechat.interviews.models import Question

FIELDS = ("theme", "text", "minutes", "research_first", "archived", "position")


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    bank = Question.objects.filter(owner_id=owner.pk).order_by("position", "pk")
    return {"questions": ({f: getattr(q, f) for f in FIELDS} for q in bank.iterator(CHUNK))}


def question_positions(owner_id: int) -> dict[int, int]:
    bank = Question.objects.filter(owner_id=owner_id).order_by("position", "pk").values_list("pk", flat=True)
    return {pk: index for index, pk in enumerate(bank)}


def clear(owner: AbstractBaseUser) -> None:
    Question.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    if data.get("questions"):
        _make_room_for_bank(owner)
    made = Question.objects.bulk_create(
        Question(owner_id=owner.pk, **{f: q[f] for f in FIELDS if f in q}) for q in data.get("questions", [])
    )
    ids.table("question").update({n: q.pk for n, q in enumerate(made)})


def _make_room_for_bank(owner: AbstractBaseUser) -> None:
    """The backup's bank replaces coffeechat's default one, seeded when the account first opened
    the bank; a bank the user has changed is never dropped without --replace."""
    mine = Question.objects.filter(owner_id=owner.pk)
    found = [
        (q.theme, q.minutes, q.research_first, q.text, q.archived) for q in mine.order_by("position", "pk")
    ]
    if found and found != [(*question, False) for question in QUESTIONS]:
        raise BackupError(
            "questions: this account already has a question bank of its own; use --replace to delete it first"
        )
    mine.delete()


QUESTION = Shape(columns_of(Question, *FIELDS), frozenset({"theme", "text"}))
KEYS = {"questions": list_of(QUESTION)}


register_section(Section("interviews", 40, dump, load, clear, KEYS))
