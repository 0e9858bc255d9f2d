"""Explorations in a backup; other sections point at them by their position in this list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import CHUNK, IdMaps, Section, iso, parse_datetime, register_section
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
            owner_id=owner.pk, text=item["text"], why=item["why"], status=item["status"]
        )
        created = parse_datetime(item.get("created"), f"{where}.created")
        if created:
            Exploration.objects.filter(pk=exploration.pk).update(created=created)
        table[n] = exploration.pk
        exploration.target_organizations.set(
            [
                ids.get("organization", o, f"{where}.target_organizations")
                for o in item["target_organizations"]
            ]
        )
        exploration.excluded_organizations.set(
            [
                ids.get("organization", o, f"{where}.excluded_organizations")
                for o in item["excluded_organizations"]
            ]
        )
        exploration.excluded_people.set(
            [ids.get("person", p, f"{where}.excluded_people") for p in item["excluded_people"]]
        )
        OrganizationInterest.objects.bulk_create(
            OrganizationInterest(
                exploration=exploration,
                organization_id=ids.get("organization", i["organization"], f"{where}.interests"),
                score=i["score"],
            )
            for i in item["interests"]
        )


register_section(Section("explore", 20, dump, load, clear))
