"""Writing an import plan, all of it in one transaction, recorded so it can be undone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from coffeechat.imports.history import record_history
from coffeechat.imports.models import ImportChange, ImportReview, ImportRun
from coffeechat.imports.planning import ImportPlan, PlannedRow
from coffeechat.lib.collecting import collector_paused
from coffeechat.lib.text import fold, name_key
from coffeechat.network.bulk import allocate_ids, insert_rows
from coffeechat.network.models import (
    EmailAddress,
    Organization,
    PastPosition,
    Person,
    PhoneNumber,
    ProfileLink,
    SearchEntry,
    Tag,
    Tie,
)
from coffeechat.network.search import entry_texts, refresh_search_entries

BATCH = 1000
CHUNK = 5000  # new people built and written at a time
RESTORABLE_FIELDS = (
    "title",
    "organization_id",
    "location",
    "notes",
    "known_since",
    "how_known",
    "tie_strength",
)
Progress = Callable[[str, int, int], None]


class ImportRefused(ValueError):
    """The file has invalid rows and the user did not choose to skip them."""


def _quiet(stage: str, done: int, total: int) -> None:
    return None


class _Writer:
    def __init__(self, owner: AbstractBaseUser, run: ImportRun, progress: Progress) -> None:
        self.owner, self.run, self.progress = owner, run, progress
        mine = Organization.objects.filter(owner_id=owner.pk)
        self.orgs = {key: pk for pk, key in mine.values_list("pk", "name_key")}
        self.org_text = {
            pk: (name, industry) for pk, name, industry in mine.values_list("pk", "name", "industry")
        }
        tags = Tag.objects.filter(owner_id=owner.pk)
        self.tags = {key: pk for pk, key in tags.values_list("pk", "name_key")}
        self.changes: list[ImportChange] = []
        self.fold = lru_cache(maxsize=4096)(fold)  # titles and organizations repeat

    def organization_id(self, name: str) -> int | None:
        key = name_key(name)
        if not key:
            return None
        if key not in self.orgs:
            org = Organization.objects.create(owner_id=self.owner.pk, name=name.strip()[:200])
            self.orgs[key] = org.pk
            self.org_text[org.pk] = (org.name, "")
            self.changes.append(ImportChange(run=self.run, kind="organization", organization_id=org.pk))
        return self.orgs[key]

    def add_organizations(self, names: list[str]) -> None:
        """Create, in one statement, the organizations these names need that do not exist yet."""
        new: dict[str, str] = {}
        for name in names:
            key = name_key(name)
            if key and key not in self.orgs and key not in new:
                new[key] = name.strip()[:200]
        created = Organization.objects.bulk_create(
            [Organization(owner_id=self.owner.pk, name=n, name_key=k) for k, n in new.items()],
            batch_size=BATCH,
        )
        for org in created:
            self.orgs[org.name_key] = org.pk
            self.org_text[org.pk] = (org.name, "")
            self.changes.append(ImportChange(run=self.run, kind="organization", organization_id=org.pk))

    def tag_ids(self, names: list[str]) -> list[int]:
        ids = []
        for name in names:
            key = name_key(name)
            if key and key not in self.tags:
                self.tags[key] = Tag.objects.create(owner_id=self.owner.pk, name=name.strip()[:60]).pk
            if key and self.tags[key] not in ids:
                ids.append(self.tags[key])
        return ids


@transaction.atomic
def apply_plan(
    plan: ImportPlan,
    owner: AbstractBaseUser,
    filename: str,
    *,
    skip_invalid: bool = False,
    progress: Progress = _quiet,
    keep_texts: bool = False,
) -> ImportRun:
    invalid = plan.invalid_count
    if invalid and not skip_invalid:
        raise ImportRefused(f"{invalid} invalid {'row' if invalid == 1 else 'rows'}; nothing was imported")
    run = ImportRun.objects.create(
        owner_id=owner.pk,
        filename=filename[:255],
        format=plan.parsed.format,
        encoding=plan.parsed.encoding,
        network_of=plan.network_of,
        skip_invalid=skip_invalid,
        counts=plan.counts,
        problems=[{"where": p.where, "message": str(p), "error": p.error} for p in plan.problems],
    )
    with collector_paused():
        write_rows(run, plan.rows, plan.network_of, progress)
    ImportReview.objects.bulk_create(
        [
            ImportReview(
                run=run,
                record=record_data(row),
                candidate_id=row.match.person_id,
                score=row.match.score,
            )
            for row in plan.rows
            if row.action == "uncertain" and row.match and row.match.person_id
        ]
    )
    if plan.history:
        # After the people: a message with someone Connections.csv just added is theirs.
        run.counts = {**run.counts, **record_history(owner, plan.history, keep_texts, run)}
        run.save(update_fields=["counts"])
    return run


def write_rows(
    run: ImportRun, rows: list[PlannedRow], network_of: Person | None, progress: Progress = _quiet
) -> None:
    """Create the new rows' people and update the matched ones, recording it all on the run."""
    writer = _Writer(run.owner, run, progress)
    _create_people(writer, [row for row in rows if row.action == "new"], network_of)
    updated = _update_people(writer, [row for row in rows if row.action == "updated"])
    ImportChange.objects.bulk_create(writer.changes, batch_size=BATCH)
    for start in range(0, len(updated), 5000):
        refresh_search_entries(updated[start : start + 5000])
        progress("indexing", min(start + 5000, len(updated)), len(updated))


def record_data(row: PlannedRow) -> dict[str, Any]:
    r = row.record
    return {
        "where": r.where,
        "name": r.name,
        "title": r.title,
        "organization": r.organization,
        "location": r.location,
        "emails": r.emails,
        "phones": [p[0] for p in row.phones],
        "urls": r.urls,
        "tags": r.tags,
        "notes": r.notes,
        "connected_on": r.connected_on.isoformat() if r.connected_on else None,
        "how_known": r.how_known,
    }


def _create_people(writer: _Writer, rows: list[PlannedRow], network_of: Person | None) -> list[int]:
    """Everyone new, with their emails, phones, links, tags, ties and search entries."""
    writer.add_organizations([row.record.organization for row in rows])
    ids = allocate_ids(Person, len(rows))
    writer.progress("writing", 0, len(rows))
    # Written a chunk at a time, so the rows' tuples for the database are never all held at once.
    for start in range(0, len(rows), CHUNK):
        _write_new(writer, ids[start : start + CHUNK], rows[start : start + CHUNK], network_of)
        writer.progress("writing", min(start + CHUNK, len(rows)), len(rows))
    # One change record per thousand people created: undo needs their ids, not a row each.
    for start in range(0, len(ids), BATCH):
        people_ids = {"people": ids[start : start + BATCH]}
        writer.changes.append(ImportChange(run=writer.run, kind="created", before=people_ids))
    return ids


def _write_new(writer: _Writer, ids: list[int], rows: list[PlannedRow], network_of: Person | None) -> None:
    direct = network_of is None
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = connection.ops.adapt_datefield_value
    people, emails, phones, links, tag_links, ties, entries = [], [], [], [], [], [], []
    for pid, row in zip(ids, rows, strict=True):
        r = row.record
        org_id = writer.organization_id(r.organization)
        people.append(
            (
                pid,
                writer.owner.pk,
                r.name,
                row.key or name_key(r.name),
                r.title,
                org_id,
                r.location,
                r.how_known if direct else "",
                day(r.connected_on) if direct else None,
                1 if direct else None,
                "",
                r.notes,
                False,
                now,
                now,
            )
        )
        emails += [(pid, a, a.lower()) for a in r.emails]
        phones += [(pid, raw, e164) for raw, e164 in row.phones]
        links += [(pid, url) for url in r.urls]
        tag_links += [(pid, tag_id) for tag_id in writer.tag_ids(r.tags)]
        if network_of is not None:
            tie = _tie(writer, network_of.pk, pid)
            ties.append((writer.owner.pk, tie.person_a_id, tie.person_b_id, tie.strength, tie.context, now))
        organization, industry = writer.org_text.get(org_id, ("", ""))
        texts = entry_texts(
            r.name, r.title, f"{organization} {industry}", r.tags, f"{r.location} {r.notes}", writer.fold
        )
        entries.append((pid, writer.owner.pk, *texts))
    insert_rows(Person, PERSON_COLUMNS, people)
    insert_rows(EmailAddress, ("person", "address", "address_key"), emails)
    insert_rows(PhoneNumber, ("person", "raw", "e164"), phones)
    insert_rows(ProfileLink, ("person", "url"), links)
    insert_rows(Person.tags.through, ("person", "tag"), tag_links)
    insert_rows(Tie, ("owner", "person_a", "person_b", "strength", "context", "created"), ties)
    insert_rows(SearchEntry, ("person", "owner", "name", "title", "organization", "tags", "notes"), entries)


PERSON_COLUMNS = (
    "id",
    "owner",
    "name",
    "name_key",
    "title",
    "organization",
    "location",
    "how_known",
    "known_since",
    "tie_strength",
    "tie_context",
    "notes",
    "sensitive",
    "created",
    "updated",
)


def _tie(writer: _Writer, a: int, b: int) -> Tie:
    low, high = min(a, b), max(a, b)
    name = writer.run.network_of.name if writer.run.network_of else ""
    return Tie(
        owner_id=writer.owner.pk,
        person_a_id=low,
        person_b_id=high,
        strength=1,
        context=f"on {name}'s list"[:200],
    )


def _update_people(writer: _Writer, rows: list[PlannedRow]) -> list[int]:
    people = Person.objects.in_bulk([row.person_id for row in rows])
    today = timezone.localdate()
    through = Person.tags.through
    changed_fields: set[str] = set()
    for count, row in enumerate(rows, start=1):
        person, changes = people[row.person_id], row.changes
        before: dict[str, Any] = {"fields": {f: _json(getattr(person, f)) for f in RESTORABLE_FIELDS}}
        person.updated = timezone.now()
        if "title" in changes or "organization" in changes:
            old_org = (
                Organization.objects.filter(pk=person.organization_id).values_list("name", flat=True).first()
            )
            if person.title or old_org:
                past = PastPosition.objects.create(
                    person=person, title=person.title, organization_name=old_org or "", until=today
                )
                before["past_positions"] = [past.pk]
        if "organization" in changes:
            person.organization_id = writer.organization_id(changes["organization"])
            changed_fields.add("organization_id")
        for field in ("title", "location", "known_since", "how_known", "tie_strength"):
            if field in changes:
                setattr(person, field, changes[field])
                changed_fields.add(field)
        if "notes" in changes:
            person.notes = f"{person.notes}\n\n{changes['notes']}".strip()
            changed_fields.add("notes")
        before["emails"] = _added(
            EmailAddress,
            [
                EmailAddress(person=person, address=a, address_key=a.lower())
                for a in changes.get("emails", [])
            ],
        )
        before["phones"] = _added(
            PhoneNumber,
            [PhoneNumber(person=person, raw=raw, e164=e164) for raw, e164 in changes.get("phones", [])],
        )
        before["links"] = _added(
            ProfileLink, [ProfileLink(person=person, url=u) for u in changes.get("urls", [])]
        )
        before["tags"] = tag_ids = writer.tag_ids(changes.get("tags", []))
        through.objects.bulk_create([through(person_id=person.pk, tag_id=t) for t in tag_ids])
        if "tie_with" in changes:
            before["ties"] = _added(Tie, [_tie(writer, changes["tie_with"], person.pk)])
        writer.changes.append(
            ImportChange(run=writer.run, kind="updated", person_id=person.pk, before=before)
        )
        if count % BATCH == 0:
            writer.progress("updating", count, len(rows))
    if changed_fields:
        Person.objects.bulk_update(list(people.values()), [*changed_fields, "updated"], batch_size=BATCH)
    return list(people)


def _added(model: Any, objects: list[Any]) -> list[int]:
    return [o.pk for o in model.objects.bulk_create(objects)] if objects else []


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
