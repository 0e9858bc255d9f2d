"""The network's part of a backup: organizations, tags, people and the ties between them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from coffeechat.core.backups import (
    CHUNK,
    BackupError,
    IdMaps,
    Section,
    Shape,
    column,
    columns_of,
    iso,
    list_of,
    optional,
    reference,
    register_section,
)
from coffeechat.lib.text import name_key
from coffeechat.network.models import (
    EmailAddress,
    Organization,
    PastPosition,
    Person,
    PhoneNumber,
    ProfileLink,
    Tag,
    Tie,
)
from coffeechat.network.search import refresh_search_entries

PERSON_FIELDS = (
    "name",
    "title",
    "location",
    "how_known",
    "tie_strength",
    "tie_context",
    "notes",
    "sensitive",
)
ORGANIZATION_FIELDS = ("name", "website", "domain", "industry", "size_band", "relation", "notes", "sensitive")


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    """Each list is read lazily, a chunk at a time, as the backup is written."""
    return {
        "organizations": (
            {"id": o.pk, **{f: getattr(o, f) for f in ORGANIZATION_FIELDS}, "created": iso(o.created)}
            for o in Organization.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
        "tags": Tag.objects.filter(owner_id=owner.pk)
        .order_by("pk")
        .values_list("name", flat=True)
        .iterator(CHUNK),
        "people": _people(owner.pk),
        "ties": (
            {"a": t.person_a_id, "b": t.person_b_id, "strength": t.strength, "context": t.context}
            for t in Tie.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
    }


def _people(owner_id: int) -> Iterator[dict[str, Any]]:
    """Each person with their emails, phones, links, tags and past positions, read five queries per
    chunk of people as plain values (Django's prefetch makes a queryset per person and relation,
    which took most of a large backup's time)."""
    people = Person.objects.filter(owner_id=owner_id).order_by("pk").iterator(CHUNK)
    while chunk := list(islice(people, CHUNK)):
        ids = [p.pk for p in chunk]
        emails = _by_person(EmailAddress.objects.filter(person_id__in=ids), "address")
        phones = _by_person(PhoneNumber.objects.filter(person_id__in=ids), "raw", "e164")
        links = _by_person(ProfileLink.objects.filter(person_id__in=ids), "url")
        tags = _by_person(
            Person.tags.through.objects.filter(person_id__in=ids).order_by("tag__name_key"), "tag__name"
        )
        positions = _by_person(
            PastPosition.objects.filter(person_id__in=ids), "title", "organization_name", "until"
        )
        for p in chunk:
            yield {
                "id": p.pk,
                **{f: getattr(p, f) for f in PERSON_FIELDS},
                "organization": p.organization_id,
                "known_since": iso(p.known_since),
                "created": iso(p.created),
                "emails": [address for (address,) in emails[p.pk]],
                "phones": [{"raw": raw, "e164": e164} for raw, e164 in phones[p.pk]],
                "links": [url for (url,) in links[p.pk]],
                "tags": [name for (name,) in tags[p.pk]],
                "past_positions": [
                    {"title": title, "organization": organization, "until": iso(until)}
                    for title, organization, until in positions[p.pk]
                ],
            }


def _by_person(rows: QuerySet[Any], *fields: str) -> defaultdict[int, list[tuple[Any, ...]]]:
    """`fields` of each row under its person's id, in the model's own order."""
    found: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for person_id, *values in rows.values_list("person_id", *fields):
        found[person_id].append(tuple(values))
    return found


def clear(owner: AbstractBaseUser) -> None:
    Person.objects.filter(owner_id=owner.pk).delete()
    Organization.objects.filter(owner_id=owner.pk).delete()
    Tag.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    org_ids = ids.table("organization")
    for item in data["organizations"]:
        org = Organization.objects.create(
            owner_id=owner.pk, **{f: item[f] for f in ORGANIZATION_FIELDS if f in item}
        )
        if item.get("created"):
            Organization.objects.filter(pk=org.pk).update(created=item["created"])
        org_ids[item["id"]] = org.pk
    tags: dict[str, Tag] = {}
    for name in data["tags"]:
        tags[name_key(name)] = Tag.objects.create(owner_id=owner.pk, name=name)
    people: dict[int, Person] = {}
    for n, item in enumerate(data["people"]):
        person = Person(owner_id=owner.pk, **{f: item[f] for f in PERSON_FIELDS if f in item})
        person.name_key = name_key(person.name)
        if item.get("organization") is not None:
            person.organization_id = ids.get(
                "organization", item["organization"], f"people[{n}].organization"
            )
        person.known_since = item.get("known_since")
        people[item["id"]] = person
    Person.objects.bulk_create(list(people.values()), batch_size=1000)
    for item in data["people"]:
        if item.get("created"):
            people[item["id"]].created = item["created"]
    Person.objects.bulk_update(list(people.values()), ["created"], batch_size=1000)  # kept as it was
    ids.table("person").update({key: p.pk for key, p in people.items()})
    through = Person.tags.through
    emails, phones, links, tag_links, positions = [], [], [], [], []
    for item in data["people"]:
        pid = people[item["id"]].pk
        emails += [
            EmailAddress(person_id=pid, address=a, address_key=a.lower()) for a in item.get("emails", [])
        ]
        phones += [PhoneNumber(person_id=pid, **p) for p in item.get("phones", [])]
        links += [ProfileLink(person_id=pid, url=u) for u in item.get("links", [])]
        for name in item.get("tags", []):
            tag = tags.get(name_key(name)) or tags.setdefault(
                name_key(name), Tag.objects.create(owner_id=owner.pk, name=name)
            )
            tag_links.append(through(person_id=pid, tag_id=tag.pk))
        positions += [
            PastPosition(person_id=pid, organization_name=p.pop("organization", ""), **p)
            for p in item.get("past_positions", [])
        ]
    for model, objects in (
        (EmailAddress, emails),
        (PhoneNumber, phones),
        (ProfileLink, links),
        (through, tag_links),
        (PastPosition, positions),
    ):
        model.objects.bulk_create(objects, batch_size=1000)
    ties = []
    for n, item in enumerate(data["ties"]):
        a = ids.get("person", item["a"], f"ties[{n}].a")
        b = ids.get("person", item["b"], f"ties[{n}].b")
        if a == b:
            raise BackupError(f"ties[{n}].b: a tie needs two different people")
        ties.append(
            Tie(owner_id=owner.pk, person_a_id=min(a, b), person_b_id=max(a, b), **_without(item, "a", "b"))
        )
    Tie.objects.bulk_create(ties, batch_size=1000)
    refresh_search_entries([p.pk for p in people.values()])


def _without(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in keys}


def _tie_pair(tie: dict[str, Any]) -> frozenset[Any]:
    return frozenset((tie["a"], tie["b"]))


ORGANIZATION = Shape(
    columns_of(Organization, *ORGANIZATION_FIELDS, "created", id=reference), frozenset({"id", "name"})
)
PERSON = Shape(
    columns_of(
        Person,
        *PERSON_FIELDS,
        "known_since",
        "created",
        id=reference,
        organization=optional(reference),
        emails=list_of(column(EmailAddress, "address"), {"": str.lower}),
        phones=list_of(Shape(columns_of(PhoneNumber, "raw", "e164"), frozenset({"raw", "e164"}))),
        links=list_of(column(ProfileLink, "url"), {"": str}),
        tags=list_of(column(Tag, "name"), {"": name_key}),
        past_positions=list_of(
            Shape(
                {
                    "title": column(PastPosition, "title"),
                    "organization": column(PastPosition, "organization_name"),
                    "until": column(PastPosition, "until"),
                },
                frozenset({"until"}),
            )
        ),
    ),
    frozenset({"id", "name"}),
)
TIE = Shape(
    {"a": reference, "b": reference, "strength": column(Tie, "strength"), "context": column(Tie, "context")},
    frozenset({"a", "b"}),
)
KEYS = {
    "organizations": list_of(ORGANIZATION, {"id": lambda o: o["id"], "name": lambda o: name_key(o["name"])}),
    "tags": list_of(column(Tag, "name"), {"": name_key}),
    "people": list_of(PERSON, {"id": lambda p: p["id"]}),
    "ties": list_of(TIE, {"b": _tie_pair}),
}


register_section(Section("network", 10, dump, load, clear, KEYS))
