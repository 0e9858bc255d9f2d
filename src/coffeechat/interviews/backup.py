"""The user's question bank in a backup; plans point at its questions by position."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import CHUNK, IdMaps, Section, register_section
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
    made = Question.objects.bulk_create(
        Question(owner_id=owner.pk, **{f: q[f] for f in FIELDS if f in q}) for q in data.get("questions", [])
    )
    ids.table("question").update({n: q.pk for n, q in enumerate(made)})


register_section(Section("interviews", 40, dump, load, clear))
