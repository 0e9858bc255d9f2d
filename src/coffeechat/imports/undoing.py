"""Undoing an import as a whole: what it created goes, what it changed is put back."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from coffeechat.imports.applying import RESTORABLE_FIELDS
from coffeechat.imports.history import forget_history, recorded_keys
from coffeechat.imports.models import ImportChange, ImportRun
from coffeechat.network.models import (
    EmailAddress,
    Organization,
    PastPosition,
    Person,
    PhoneNumber,
    ProfileLink,
    Tie,
)
from coffeechat.network.references import people_with_records
from coffeechat.network.search import refresh_search_entries


class CannotUndo(ValueError):
    pass


class AlreadyUndone(CannotUndo):
    pass


def why_not_undoable(run: ImportRun) -> str:
    """Why this import cannot be undone, or "" when it can."""
    if run.undone:
        return f"the import of {run.filename} was already undone"
    if run.restored:
        return (
            f"the import of {run.filename} was restored from a backup, which keeps its history but not "
            "what it changed, so it cannot be undone"
        )
    return ""


def _created_people(changes: list[ImportChange]) -> list[int]:
    return [pid for c in changes if c.kind == "created" for pid in (c.before or {}).get("people", [])]


def _kept(created: list[int]) -> list[dict[str, Any]]:
    """People the import added whom the user has since written to or met: they stay, with why."""
    kept = people_with_records(created)
    names = dict(Person.objects.filter(pk__in=list(kept)).values_list("pk", "name"))
    return [
        {"id": pid, "name": names.get(pid, ""), "why": f"has {', '.join(what)}"}
        for pid, what in sorted(kept.items())
    ]


def undo_preview(run: ImportRun) -> dict[str, Any]:
    """What undoing would do, for the user to confirm: nothing is changed here."""
    changes = list(run.changes.all())
    # Only people still here count: someone deleted since the import is neither removed nor restored.
    created = _still_here(_created_people(changes))
    with transaction.atomic():
        # Whom the import's own LinkedIn messages alone would keep goes too: found as undoing
        # finds them, then put back.
        said = forget_history(run.owner_id, recorded_keys(changes))
        kept = _kept(created)
        transaction.set_rollback(True)
    updated = _still_here([c.person_id for c in changes if c.kind == "updated" and c.person_id and c.before])
    return {"delete": len(created) - len(kept), "restore": len(updated), "kept": kept, "said": said}


def _still_here(ids: list[int]) -> list[int]:
    """The ids whose person still exists, a thousand at a time (SQLite caps a query's parameters)."""
    found: list[int] = []
    for start in range(0, len(ids), 1000):
        found += Person.objects.filter(pk__in=ids[start : start + 1000]).values_list("pk", flat=True)
    return found


@transaction.atomic
def undo_import(run: ImportRun) -> dict[str, Any]:
    """Put everything back; people the user has since talked to or written to stay, with why."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.undone:
        raise AlreadyUndone(why_not_undoable(run))
    if run.restored:
        raise CannotUndo(why_not_undoable(run))
    changes = list(run.changes.all())
    created = _created_people(changes)
    updates = [c for c in changes if c.kind == "updated" and c.person_id and c.before]
    restored = []
    people = Person.objects.in_bulk([c.person_id for c in updates])
    through = Person.tags.through
    for change in updates:
        person = people.get(change.person_id)
        if person is None:
            continue
        before = change.before or {}
        for field in RESTORABLE_FIELDS:
            value = before.get("fields", {}).get(field)
            if field == "known_since" and value:
                value = date.fromisoformat(value)
            setattr(person, field, value)
        person.updated = timezone.now()
        EmailAddress.objects.filter(pk__in=before.get("emails", [])).delete()
        PhoneNumber.objects.filter(pk__in=before.get("phones", [])).delete()
        ProfileLink.objects.filter(pk__in=before.get("links", [])).delete()
        PastPosition.objects.filter(pk__in=before.get("past_positions", [])).delete()
        Tie.objects.filter(pk__in=before.get("ties", [])).delete()
        through.objects.filter(person_id=person.pk, tag_id__in=before.get("tags", [])).delete()
        restored.append(person)
    Person.objects.bulk_update(restored, [*RESTORABLE_FIELDS, "updated"], batch_size=1000)
    said = forget_history(run.owner_id, recorded_keys(changes))  # LinkedIn messages it recorded
    # Someone the user has since written to or met stays: their conversation would go with them.
    kept = _kept(created)
    kept_ids = {k["id"] for k in kept}
    created = [pid for pid in created if pid not in kept_ids]
    deleted = 0
    for start in range(0, len(created), 1000):
        deleted += (
            Person.objects.filter(pk__in=created[start : start + 1000]).delete()[1].get("network.Person", 0)
        )
    org_ids = [c.organization_id for c in changes if c.kind == "organization" and c.organization_id]
    # An organization the import added goes too, unless someone works there now.
    Organization.objects.filter(pk__in=org_ids, people__isnull=True).delete()
    refresh_search_entries([p.pk for p in restored])
    run.undone = timezone.now()
    run.save(update_fields=["undone"])
    return {
        "deleted": deleted,
        "restored": len(restored),
        "kept": kept,
        "said": said,
    }
