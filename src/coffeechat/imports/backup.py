"""Saved column mappings and the history of imports, in a backup."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import (
    CHUNK,
    BackupError,
    IdMaps,
    Section,
    Shape,
    column,
    iso,
    list_of,
    mapping_of,
    optional,
    parse_date,
    reference,
    register_section,
    text,
    whole_number,
    yes_no,
)
from coffeechat.imports.formats.csvfiles import MAPPABLE_FIELDS
from coffeechat.imports.models import ColumnMapping, ImportReview, ImportRun


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
                "encoding": r.encoding,
                "network_of": r.network_of_id,
                "skip_invalid": r.skip_invalid,
                "problems": r.problems,
                "reviews": [
                    {
                        "record": v.record,
                        "candidate": v.candidate_id,
                        "score": v.score,
                        "decision": v.decision,
                    }
                    for v in r.reviews.all()
                ],
            }
            for r in ImportRun.objects.filter(owner_id=owner.pk)
            .order_by("pk")
            .prefetch_related("reviews")
            .iterator(CHUNK)
        ),
    }


def clear(owner: AbstractBaseUser) -> None:
    ColumnMapping.objects.filter(owner_id=owner.pk).delete()
    ImportRun.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    for item in data.get("column_mappings", []):
        ColumnMapping.objects.create(owner_id=owner.pk, **item)
    for n, item in enumerate(data.get("imports", [])):
        where = f"imports[{n}]"
        # The history and its pending matches: what an import changed is not in the backup, so a
        # restored import is marked as such and cannot be undone.
        run = ImportRun.objects.create(
            owner_id=owner.pk,
            restored=True,
            filename=item["file"],
            network_of_id=ids.get("person", item["network_of"], f"{where}.network_of")
            if item.get("network_of") is not None
            else None,
            **{
                k: item[k]
                for k in ("format", "encoding", "skip_invalid", "counts", "problems", "undone")
                if k in item
            },
        )
        if item.get("created"):
            ImportRun.objects.filter(pk=run.pk).update(created=item["created"])
        ImportReview.objects.bulk_create(
            ImportReview(
                run=run,
                candidate_id=ids.get("person", review["candidate"], f"{where}.reviews[{m}].candidate"),
                **{k: review[k] for k in ("record", "score", "decision") if k in review},
            )
            for m, review in enumerate(item.get("reviews", []))
        )


def _list_of_text(value: Any, where: str) -> list[str]:
    return list_of(text)(value, where)


# A row awaiting the user's word, as imports/applying.py records it (reviews.py reads it back).
REVIEW_RECORD = Shape(
    {
        **{key: text for key in ("where", "name", "title", "organization", "location", "notes", "how_known")},
        **{key: _list_of_text for key in ("emails", "phones", "urls", "tags")},
        "connected_on": optional(lambda value, where: iso(parse_date(value, where))),
    },
    frozenset({"where", "name"}),
)
IMPORT = Shape(
    {
        "file": column(ImportRun, "filename"),
        "format": column(ImportRun, "format"),
        "created": column(ImportRun, "created"),
        "undone": column(ImportRun, "undone"),
        "encoding": column(ImportRun, "encoding"),
        "network_of": optional(reference),
        "skip_invalid": column(ImportRun, "skip_invalid"),
        "counts": mapping_of(whole_number),
        "problems": list_of(Shape({"where": text, "message": text, "error": yes_no}, frozenset({"message"}))),
        "reviews": list_of(
            Shape(
                {
                    "record": REVIEW_RECORD,
                    "candidate": reference,
                    "score": column(ImportReview, "score"),
                    "decision": lambda value, where: _decision(text(value, where), where),
                },
                frozenset({"record", "candidate"}),
            )
        ),
    },
    frozenset({"file"}),
)
COLUMN_MAPPING = Shape(
    {
        "name": column(ColumnMapping, "name"),
        "columns": _list_of_text,
        "mapping": Shape({field: text for field in MAPPABLE_FIELDS}),
    },
    frozenset({"name", "columns", "mapping"}),
)
KEYS = {"column_mappings": list_of(COLUMN_MAPPING, {"name": lambda m: m["name"]}), "imports": list_of(IMPORT)}


def _decision(value: str, where: str) -> str:
    if value not in ("", "same", "different"):
        raise BackupError(f"{where}: {value!r} is not a decision (same, different or empty)")
    return value


register_section(Section("imports", 25, dump, load, clear, KEYS))
