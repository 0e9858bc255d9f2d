"""What an import would do, computed before anything is written (the preview)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from coffeechat.imports.formats.records import ContactRecord, ParsedFile, Problem
from coffeechat.imports.matching import KnownPerson, Match, NetworkIndex
from coffeechat.lib.phones import InvalidPhone, normalize_phone
from coffeechat.lib.text import fold, name_key
from coffeechat.network.models import EmailAddress, Person, PhoneNumber, ProfileLink, Tie

if TYPE_CHECKING:
    from coffeechat.imports.history import HistoryPlan

ACTIONS = ("new", "updated", "unchanged", "uncertain", "invalid")


@dataclass(slots=True)  # slots: one per row of the file
class PlannedRow:
    record: ContactRecord
    action: str  # one of ACTIONS, or "duplicate" (a later row about a person earlier in the file)
    person_id: int | None = None
    match: Match | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (as written, E.164)
    same_as: int | None = None  # index of the earlier row for a duplicate
    key: str = ""  # name_key of the record's name, once worked out


@dataclass
class ImportPlan:
    parsed: ParsedFile
    rows: list[PlannedRow]
    network_of: Person | None = None
    history: HistoryPlan | None = None  # a whole LinkedIn export's messages and invitations

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        result = {action: counted.get(action, 0) for action in ACTIONS}
        if counted.get("duplicate"):
            result["duplicates in file"] = counted["duplicate"]
        if self.parsed.skipped:
            result["skipped (no name)"] = len(self.parsed.skipped)
        if self.history:
            result["invalid"] += len(self.history.invalid)
            result.update(self.history.counts)
        return result

    @property
    def problems(self) -> list[Problem]:
        found = [p for row in self.rows for p in row.record.problems] + self.parsed.skipped
        if self.history:
            found += self.history.history.problems
        return sorted(found, key=lambda p: (not p.error,))

    @property
    def invalid(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == "invalid"]

    @property
    def invalid_count(self) -> int:
        """Invalid rows of every file read: contacts, and messages and invitations."""
        return len(self.invalid) + (len(self.history.invalid) if self.history else 0)


def load_index(owner: AbstractBaseUser, only: QuerySet[Person] | None = None) -> NetworkIndex:
    """The owner's whole network in memory (or only some of it): a handful of queries, whatever its size."""
    people: dict[int, KnownPerson] = {}
    chosen = Person.objects.filter(owner_id=owner.pk) if only is None else only.filter(owner_id=owner.pk)
    rows = chosen.values_list(
        "id",
        "name",
        "name_key",
        "title",
        "organization__name_key",
        "organization__name",
        "location",
        "notes",
        "how_known",
        "known_since",
        "tie_strength",
    )
    same: dict[Any, Any] = {}  # titles, organizations, places repeat: one string each, not one per person
    for pid, name, key, title, org_key, org, location, notes, how, since, strength in rows.iterator(2000):
        title, org_key, org = (
            same.setdefault(title, title),
            same.setdefault(org_key, org_key),
            same.setdefault(org, org),
        )
        location, how = same.setdefault(location, location), same.setdefault(how, how)
        people[pid] = KnownPerson(
            pid, name, key, title, org_key or "", org or "", location, notes, how, since, strength
        )
    mine = Q(person__owner_id=owner.pk) if only is None else Q(person__in=list(people))
    through = Person.tags.through.objects.filter(mine)
    for attribute, pairs in (
        ("emails", EmailAddress.objects.filter(mine).values_list("person_id", "address_key")),
        ("phones", PhoneNumber.objects.filter(mine).values_list("person_id", "e164")),
        ("urls", ProfileLink.objects.filter(mine).values_list("person_id", "url")),
        ("tag_keys", through.values_list("person_id", "tag__name_key")),
    ):
        _set_each(people, attribute, _grouped(pairs.iterator(2000)))
    ties = Tie.objects.filter(owner_id=owner.pk)
    if only is not None:
        ties = ties.filter(Q(person_a__in=list(people)) | Q(person_b__in=list(people)))
    tied: dict[int, list[int]] = {}
    for a, b in ties.values_list("person_a_id", "person_b_id").iterator(2000):
        if a in people:
            tied.setdefault(a, []).append(b)
        if b in people:
            tied.setdefault(b, []).append(a)
    _set_each(people, "tied_to", tied)
    return NetworkIndex(list(people.values()))


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for pid, value in pairs:
        grouped.setdefault(pid, []).append(value)
    return grouped


def _set_each(people: dict[int, KnownPerson], attribute: str, values: dict[int, list[Any]]) -> None:
    for pid, found in values.items():
        if pid in people:
            setattr(people[pid], attribute, tuple(dict.fromkeys(found)))


def phones_of(record: ContactRecord) -> list[tuple[str, str]]:
    phones: list[tuple[str, str]] = []
    for raw in record.phones:
        try:
            e164 = normalize_phone(raw, settings.PHONE_REGION)
        except InvalidPhone as exc:
            record.warn(f"{exc}; left out", "phone")
            continue
        if e164 not in (p[1] for p in phones):
            phones.append((raw[:64], e164))
    return phones


def plan_import(owner: AbstractBaseUser, parsed: ParsedFile, network_of: Person | None = None) -> ImportPlan:
    index = load_index(owner)
    plan = ImportPlan(parsed, [], network_of)
    first_row_of: dict[int, int] = {}  # person id (pseudo for new rows) -> index of its first row
    next_pseudo = -1
    for record in parsed.records:
        if not record.valid:
            plan.rows.append(PlannedRow(record, "invalid"))
            continue
        phones = phones_of(record)
        key = name_key(record.name)
        match = index.match(key, record.organization, record.emails, [p[1] for p in phones], record.urls)
        row = PlannedRow(record, "new", match=match, phones=phones, key=key)
        if match.kind == "certain" and match.person_id in first_row_of:
            row.action, row.same_as = "duplicate", first_row_of[match.person_id]
            first = plan.rows[row.same_as]
            record.warn(f"the same person as {first.record.where}; read as one")
            _merge_into(first, row)
            if first.person_id is not None:
                first.changes = _changes(index.people[first.person_id], first, network_of)
                first.action = "updated" if first.changes else "unchanged"
        elif match.kind == "certain" and match.person_id is not None:
            row.person_id = match.person_id
            row.changes = _changes(index.people[match.person_id], row, network_of)
            row.action = "updated" if row.changes else "unchanged"
            first_row_of[match.person_id] = len(plan.rows)
        elif match.kind == "uncertain" and match.person_id is not None and match.person_id > 0:
            row.action = "uncertain"
        else:
            if match.kind == "uncertain" and match.person_id in first_row_of and match.score <= 50:
                earlier = plan.rows[first_row_of[match.person_id]].record.where
                record.warn(f"{match.reason} as {earlier}; imported as a separate person")
            row.action = "new"
            first_row_of[next_pseudo] = len(plan.rows)
            index.add(_pseudo_person(next_pseudo, record, key, phones), fuzzy=False)
            next_pseudo -= 1
        plan.rows.append(row)
    return plan


def _pseudo_person(pid: int, record: ContactRecord, key: str, phones: list[tuple[str, str]]) -> KnownPerson:
    return KnownPerson(
        pid,
        record.name,
        key,
        record.title,
        name_key(record.organization),
        record.organization,
        emails=tuple(e.lower() for e in record.emails),  # each once already (the readers see to it)
        phones=tuple(p[1] for p in phones),
        urls=tuple(record.urls),
    )


def _merge_into(first: PlannedRow, later: PlannedRow) -> None:
    """A person listed twice in one file becomes one person with what both rows have."""
    kept, extra = first.record, later.record
    kept.emails += [e for e in extra.emails if e.lower() not in {x.lower() for x in kept.emails}]
    kept.urls += [u for u in extra.urls if u not in kept.urls]
    kept.tags += [t for t in extra.tags if t not in kept.tags]
    first.phones += [p for p in later.phones if p[1] not in {x[1] for x in first.phones}]
    for attribute in ("title", "organization", "location", "notes"):
        if not getattr(kept, attribute):
            setattr(kept, attribute, getattr(extra, attribute))
    kept.connected_on = kept.connected_on or extra.connected_on


def _changes(known: KnownPerson, row: PlannedRow, network_of: Person | None) -> dict[str, Any]:
    """What this record would change on the person it matched; empty when nothing."""
    record, changes = row.record, {}
    if record.title and record.title != known.title:
        changes["title"] = record.title
    if record.organization and name_key(record.organization) != known.org_key:
        changes["organization"] = record.organization
    if record.location and not known.location:
        changes["location"] = record.location
    if record.notes and fold(record.notes) not in fold(known.notes):
        changes["notes"] = record.notes
    if record.connected_on and not known.known_since:
        changes["known_since"] = record.connected_on
    if record.how_known and not known.how_known and network_of is None:
        changes["how_known"] = record.how_known
    if network_of is None and known.tie_strength is None:
        changes["tie_strength"] = 1  # on the user's own list: they know each other now
    if network_of is not None and network_of.pk not in known.tied_to and network_of.pk != known.id:
        changes["tie_with"] = network_of.pk
    emails = [e for e in record.emails if e.lower() not in known.emails]
    if emails:
        changes["emails"] = emails
    phones = [p for p in row.phones if p[1] not in known.phones]
    if phones:
        changes["phones"] = phones
    urls = [u for u in record.urls if u not in known.urls]
    if urls:
        changes["urls"] = urls
    tags = [t for t in record.tags if name_key(t) and name_key(t) not in known.tag_keys]
    if tags:
        changes["tags"] = tags
    return changes


def known_person(person: Person) -> KnownPerson:
    """One person as the matcher sees them."""
    ties = Tie.objects.filter(Q(person_a=person) | Q(person_b=person)).values_list(
        "person_a_id", "person_b_id"
    )
    return KnownPerson(
        person.pk,
        person.name,
        person.name_key,
        person.title,
        person.organization.name_key if person.organization else "",
        person.organization.name if person.organization else "",
        person.location,
        person.notes,
        person.how_known,
        person.known_since,
        person.tie_strength,
        emails=frozenset(person.emails.values_list("address_key", flat=True)),
        phones=frozenset(person.phones.values_list("e164", flat=True)),
        urls=frozenset(person.links.values_list("url", flat=True)),
        tag_keys=frozenset(person.tags.values_list("name_key", flat=True)),
        tied_to=frozenset(a if a != person.pk else b for a, b in ties),
    )


def changes_for(person: Person, row: PlannedRow, network_of: Person | None) -> dict[str, Any]:
    return _changes(known_person(person), row, network_of)


def describe_changes(changes: dict[str, Any]) -> list[str]:
    """The changes in words, for the preview."""
    words = []
    for key, value in changes.items():
        if key in ("emails", "urls", "tags"):
            words.append(f"+ {key[:-1]} {', '.join(value)}")
        elif key == "phones":
            words.append(f"+ phone {', '.join(p[0] for p in value)}")
        elif key == "tie_with":
            words.append("+ tie")
        elif key == "tie_strength":
            words.append("+ your direct tie")
        else:
            words.append(f"{key.replace('_', ' ')}: {value}")
    return words
