"""Explorations in a backup; other sections point at them by their position in this list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import (
    CHUNK,
    IdMaps,
    Section,
    Shape,
    column,
    columns_of,
    iso,
    list_of,
    reference,
    register_section,
)
from coffeechat.explore.models import Exploration, OrganizationInterest


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    found = (
        Exploration.objects.filter(owner_id=owner.pk)
        .order_by("pk")
        .prefetch_related("target_organizations", "excluded_organizations", "excluded_people", "interests")
    )
    return {
        "explorations": (
            {
                "text": e.text,
                "why": e.why,
                "status": e.status,
                "created": iso(e.created),
                "target_organizations": [o.pk for o in e.target_organizations.all()],
                "excluded_organizations": [o.pk for o in e.excluded_organizations.all()],
                "excluded_people": [p.pk for p in e.excluded_people.all()],
                "interests": [
                    {"organization": i.organization_id, "score": i.score} for i in e.interests.all()
                ],
            }
            for e in found.iterator(CHUNK)
        )
    }


def position_of(owner_id: int) -> dict[int, int]:
    """Exploration id -> its position in the backup's list (what other sections write)."""
    ids = Exploration.objects.filter(owner_id=owner_id).order_by("pk").values_list("pk", flat=True)
    return {pk: index for index, pk in enumerate(ids)}


def clear(owner: AbstractBaseUser) -> None:
    Exploration.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    table = ids.table("exploration")
    for n, item in enumerate(data.get("explorations", [])):
        where = f"explorations[{n}]"
        exploration = Exploration.objects.create(
            owner_id=owner.pk, **{f: item[f] for f in ("text", "why", "status") if f in item}
        )
        if item.get("created"):
            Exploration.objects.filter(pk=exploration.pk).update(created=item["created"])
        table[n] = exploration.pk
        for name, kind in (
            ("target_organizations", "organization"),
            ("excluded_organizations", "organization"),
            ("excluded_people", "person"),
        ):
            getattr(exploration, name).set(
                [ids.get(kind, o, f"{where}.{name}[{m}]") for m, o in enumerate(item.get(name, []))]
            )
        OrganizationInterest.objects.bulk_create(
            OrganizationInterest(
                exploration=exploration,
                organization_id=ids.get(
                    "organization", i["organization"], f"{where}.interests[{m}].organization"
                ),
                score=i["score"],
            )
            for m, i in enumerate(item.get("interests", []))
        )


EXPLORATION = Shape(
    columns_of(
        Exploration,
        "text",
        "why",
        "status",
        "created",
        target_organizations=list_of(reference),
        excluded_organizations=list_of(reference),
        excluded_people=list_of(reference),
        interests=list_of(
            Shape(
                {"organization": reference, "score": column(OrganizationInterest, "score")},
                frozenset({"organization", "score"}),
            ),
            {"organization": lambda i: i["organization"]},
        ),
    ),
    frozenset({"text"}),
)
KEYS = {"explorations": list_of(EXPLORATION)}


register_section(Section("explore", 20, dump, load, clear, KEYS))
