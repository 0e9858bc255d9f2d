"""Deciding an uncertain match: the same person (update them) or someone else (add them)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from coffeechat.imports.applying import write_rows
from coffeechat.imports.formats.records import ContactRecord
from coffeechat.imports.matching import Match
from coffeechat.imports.models import ImportReview
from coffeechat.imports.planning import PlannedRow, changes_for, phones_of
from coffeechat.network.models import Person


def record_from_data(data: dict[str, object]) -> ContactRecord:
    record = ContactRecord(str(data["where"]))
    for key in ("name", "title", "organization", "location", "notes", "how_known"):
        setattr(record, key, data.get(key) or "")
    for key in ("emails", "phones", "urls", "tags"):
        setattr(record, key, list(data.get(key) or []))  # type: ignore[call-overload]
    if data.get("connected_on"):
        record.connected_on = date.fromisoformat(str(data["connected_on"]))
    return record


@transaction.atomic
def decide(review: ImportReview, same: bool) -> Person | None:
    """Apply the user's decision; what it writes belongs to the import and is undone with it."""
    record = record_from_data(review.record)
    row = PlannedRow(record, "new", phones=phones_of(record))
    network_of = review.run.network_of
    if same:
        row.action, row.person_id = "updated", review.candidate_id
        row.match = Match("certain", review.candidate_id, 100, "you said they are the same")
        row.changes = changes_for(review.candidate, row, network_of)
        if not row.changes:
            row.action = "unchanged"
    write_rows(review.run, [row], network_of)
    review.decision = "same" if same else "different"
    review.save(update_fields=["decision"])
    if same:
        return review.candidate
    return Person.objects.filter(owner_id=review.run.owner_id, name=record.name).order_by("-pk").first()
