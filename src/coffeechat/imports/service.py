"""The import as the web page and the command both run it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from coffeechat.imports.formats.detect import FORMAT_NAMES, read_contacts
from coffeechat.imports.planning import ImportPlan, describe_changes, plan_import
from coffeechat.lib.collecting import collector_paused
from coffeechat.network.models import Person

PREVIEW_ROWS = 10


def preview(
    owner: AbstractBaseUser,
    data: bytes,
    *,
    fmt: str = "auto",
    mapping: dict[str, str] | None = None,
    network_of: Person | None = None,
) -> ImportPlan:
    """What importing these bytes would do. Raises ImportFileError for an unreadable file."""
    with collector_paused():
        parsed = read_contacts(data, fmt=fmt, mapping=mapping, max_bytes=settings.IMPORT_MAX_BYTES)
        return plan_import(owner, parsed, network_of)


def plan_summary(plan: ImportPlan, filename: str, rows: int = PREVIEW_ROWS) -> dict[str, Any]:
    """The preview as plain data: for --json and for the preview page."""
    shown = [row for row in plan.rows if row.action in ("new", "updated", "uncertain")][:rows]
    return {
        "file": filename,
        "format": plan.parsed.format,
        "format_name": FORMAT_NAMES[plan.parsed.format],
        "encoding": plan.parsed.encoding,
        "network_of": plan.network_of.name if plan.network_of else None,
        "counts": plan.counts,
        "problems": [{"where": p.where, "message": str(p), "error": p.error} for p in plan.problems],
        "rows": [
            {
                "where": row.record.where,
                "action": row.action,
                "name": row.record.name,
                "title": row.record.title,
                "organization": row.record.organization,
                "emails": row.record.emails,
                "phones": [p[1] for p in row.phones],
                "urls": row.record.urls,
                "tags": row.record.tags,
                "known_since": row.record.connected_on.isoformat() if row.record.connected_on else None,
                "changes": describe_changes(row.changes),
                "person_id": row.person_id or (row.match.person_id if row.match else None),
            }
            for row in shown
        ],
    }
