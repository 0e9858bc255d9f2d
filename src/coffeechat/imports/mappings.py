"""Saved column mappings for CSV files that are not in a known format."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError

from coffeechat.imports.models import ColumnMapping


def mapping_for(owner: AbstractBaseUser, name: str) -> dict[str, str]:
    found = ColumnMapping.objects.filter(owner_id=owner.pk, name=name).first()
    if found is None:
        names = ", ".join(ColumnMapping.objects.filter(owner_id=owner.pk).values_list("name", flat=True))
        raise CommandError(
            f"--mapping: no saved mapping named {name!r}" + (f" (saved: {names})" if names else "")
        )
    return dict(found.mapping)


def mapping_matching(owner: AbstractBaseUser, columns: list[str]) -> ColumnMapping | None:
    """The most recent saved mapping made for exactly this header."""
    for mapping in ColumnMapping.objects.filter(owner_id=owner.pk):
        if mapping.columns == columns:
            return mapping
    return None
