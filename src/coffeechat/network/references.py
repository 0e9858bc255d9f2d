"""Everything in the project that points at a person, found in the model registry.

Merging, deleting and undoing an import must keep or explicitly confirm whatever points at a
person, including records of apps that come later. Reading the relations from Django's model
registry (rather than from a list kept by hand) means a new model is covered the day it exists.
Apps above `network` may register how to merge rows that cannot simply be re-pointed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from coffeechat.network.models import Person

# Rows that are part of the person record itself: network moves or deletes them with the person.
OWN_MODELS = {
    "network.emailaddress",
    "network.phonenumber",
    "network.profilelink",
    "network.pastposition",
    "network.tie",
    "network.searchentry",
    "network.person_tags",
}
# (model label, field name) -> merge(duplicate_row_queryset, keep) for rows a plain update would
# make clash with a unique constraint; see register_merge.
MergeHandler = Callable[[models.QuerySet, Person, Person], None]
_merge_handlers: dict[str, MergeHandler] = {}


@dataclass(frozen=True)
class Reference:
    model: type[models.Model]
    field: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def protects(self) -> bool:
        """Whether the link stops the person from being deleted (their records go only when asked)."""
        field = self.model._meta.get_field(self.field)
        return field.remote_field.on_delete is models.PROTECT  # type: ignore[union-attr]

    def rows(self, person: Person | int) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.field: person})


def person_references() -> list[Reference]:
    """Each (model, field) outside the person record that holds a link to a person."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            is_link = (field.many_to_one or field.one_to_one) and getattr(field, "concrete", False)
            if is_link and field.related_model is Person and model._meta.label_lower not in OWN_MODELS:
                found.append(Reference(model, field.name))
    return found


def register_merge(model: type[models.Model], handler: MergeHandler) -> None:
    _merge_handlers[model._meta.label_lower] = handler


def merge_handler(model: type[models.Model]) -> MergeHandler | None:
    return _merge_handlers.get(model._meta.label_lower)


def what_points_at(person: Person) -> list[tuple[str, int]]:
    """What would go with this person beyond their own details: ("messages", 3), ... ."""
    counts: dict[str, int] = {}
    for ref in person_references():
        if not ref.protects:
            continue
        count = ref.rows(person).count()
        if count:
            counts[ref.name] = counts.get(ref.name, 0) + count
    return sorted(counts.items())


def people_with_records(person_ids: list[int]) -> dict[int, list[str]]:
    """Of these people, those that protecting records (a conversation) point at, with what they are."""
    found: dict[int, set[str]] = {}
    for ref in person_references():
        if not ref.protects:
            continue
        for start in range(0, len(person_ids), 1000):
            chunk = person_ids[start : start + 1000]
            for pid in ref.model._default_manager.filter(**{f"{ref.field}__in": chunk}).values_list(
                ref.field, flat=True
            ):
                found.setdefault(pid, set()).add(ref.name)
    return {pid: sorted(names) for pid, names in found.items()}
