"""The user's word on recurring items (confirmed, renamed, merged), in a backup."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import CHUNK, IdMaps, Section, Shape, columns_of, list_of, register_section
from coffeechat.insights.models import ItemCuration

FIELDS = ("kind", "key", "label", "confirmed", "merged_into")


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    found = ItemCuration.objects.filter(owner_id=owner.pk).order_by("pk")
    return {"insight_curation": ({f: getattr(c, f) for f in FIELDS} for c in found.iterator(CHUNK))}


def clear(owner: AbstractBaseUser) -> None:
    ItemCuration.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    ItemCuration.objects.bulk_create(
        ItemCuration(owner_id=owner.pk, **item) for item in data.get("insight_curation", [])
    )


KEYS = {
    "insight_curation": list_of(
        Shape(columns_of(ItemCuration, *FIELDS), frozenset({"kind", "key"})),
        {"key": lambda c: (c["kind"], c["key"])},
    )
}

register_section(Section("insights", 60, dump, load, clear, KEYS))
