"""The import as the web page and the command both run it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from coffeechat.imports.formats.detect import FORMAT_NAMES, read_contacts
from coffeechat.imports.formats.linkedin_export import LinkedInExport, is_zip, read_zip
from coffeechat.imports.formats.records import ImportFileError, ParsedFile
from coffeechat.imports.history import plan_history
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
    export: LinkedInExport | None = None,
) -> ImportPlan:
    """What importing these bytes (or a LinkedIn export's folder, read) would do.
    Raises ImportFileError for an unreadable file."""
    with collector_paused():
        if export is None and is_zip(data):
            export = read_zip(data, settings.IMPORT_MAX_BYTES)
        if export is not None:
            return _preview_export(owner, export, network_of)
        parsed = read_contacts(data, fmt=fmt, mapping=mapping, max_bytes=settings.IMPORT_MAX_BYTES)
        return plan_import(owner, parsed, network_of)


def _preview_export(owner: AbstractBaseUser, export: LinkedInExport, network_of: Person | None) -> ImportPlan:
    """Connections.csv as any Connections.csv, then the messages and invitations with the network."""
    if network_of is not None:
        raise ImportFileError(
            "a whole LinkedIn export is your own: import it as your contacts, or only its "
            f"Connections.csv as the people {network_of.name} knows"
        )
    connections = export.files.get("Connections.csv")
    if connections is None:
        parsed = ParsedFile("linkedin", "UTF-8", [])
    else:
        try:
            parsed = read_contacts(connections, fmt="linkedin", max_bytes=settings.IMPORT_MAX_BYTES)
        except ImportFileError as exc:
            raise ImportFileError(f"Connections.csv: {exc}") from None
    plan = plan_import(owner, parsed)
    plan.history = plan_history(owner, export, settings.IMPORT_MAX_BYTES, parsed.records)
    return plan


def plan_summary(plan: ImportPlan, filename: str, rows: int = PREVIEW_ROWS) -> dict[str, Any]:
    """The preview as plain data: for --json and for the preview page."""
    shown = [row for row in plan.rows if row.action in ("new", "updated", "uncertain")][:rows]
    export = plan.history.export if plan.history else None
    return {
        "file": filename,
        "format": plan.parsed.format,
        "format_name": (
            f"LinkedIn export: read {', '.join(export.read)}" if export else FORMAT_NAMES[plan.parsed.format]
        ),
        "export": {"read": export.read, "ignored": export.ignored, "notes": export.notes} if export else None,
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
