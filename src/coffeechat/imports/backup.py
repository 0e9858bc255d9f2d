"""Saved column mappings and the history of imports, in a backup."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import CHUNK, IdMaps, Section, iso, parse_datetime, register_section
from coffeechat.imports.models import ColumnMapping, ImportRun


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    return {
        "column_mappings": (
            {"name": m.name, "columns": m.columns, "mapping": m.mapping}
            for m in ColumnMapping.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
        "imports": (
            {
                "file": r.filename,
                "format": r.format,
                "created": iso(r.created),
                "counts": r.counts,
                "undone": iso(r.undone),
            }
            for r in ImportRun.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
    }


def clear(owner: AbstractBaseUser) -> None:
    ColumnMapping.objects.filter(owner_id=owner.pk).delete()
    ImportRun.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    for item in data.get("column_mappings", []):
        ColumnMapping.objects.create(
            owner_id=owner.pk, name=item["name"], columns=item["columns"], mapping=item["mapping"]
        )
    for n, item in enumerate(data.get("imports", [])):
        # The history only: what an import changed is not in the backup, so it cannot be undone.
        run = ImportRun.objects.create(
            owner_id=owner.pk, filename=item["file"], format=item["format"], counts=item["counts"]
        )
        ImportRun.objects.filter(pk=run.pk).update(
            created=parse_datetime(item.get("created"), f"imports[{n}].created") or run.created,
            undone=parse_datetime(item.get("undone"), f"imports[{n}].undone"),
        )


register_section(Section("imports", 25, dump, load, clear))
