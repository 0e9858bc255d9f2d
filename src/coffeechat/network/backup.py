"""The network's part of a backup: organizations, tags, people and the ties between them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import (
    CHUNK,
    IdMaps,
    Section,
    iso,
    parse_date,
    parse_datetime,
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
    people = Person.objects.filter(owner_id=owner.pk).prefetch_related(
        "emails", "phones", "links", "tags", "past_positions"
    )
    return {
        "organizations": (
            {"id": o.pk, **{f: getattr(o, f) for f in ORGANIZATION_FIELDS}, "created": iso(o.created)}
            for o in Organization.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
        "tags": Tag.objects.filter(owner_id=owner.pk)
        .order_by("pk")
        .values_list("name", flat=True)
        .iterator(CHUNK),
        "people": (
            {
                "id": p.pk,
                **{f: getattr(p, f) for f in PERSON_FIELDS},
                "organization": p.organization_id,
                "known_since": iso(p.known_since),
                "created": iso(p.created),
                "emails": [e.address for e in p.emails.all()],
                "phones": [{"raw": ph.raw, "e164": ph.e164} for ph in p.phones.all()],
                "links": [link.url for link in p.links.all()],
                "tags": [t.name for t in p.tags.all()],
                "past_positions": [
                    {"title": pp.title, "organization": pp.organization_name, "until": iso(pp.until)}
                    for pp in p.past_positions.all()
                ],
            }
            for p in people.order_by("pk").iterator(CHUNK)
        ),
        "ties": (
            {"a": t.person_a_id, "b": t.person_b_id, "strength": t.strength, "context": t.context}
            for t in Tie.objects.filter(owner_id=owner.pk).order_by("pk").iterator(CHUNK)
        ),
    }


def clear(owner: AbstractBaseUser) -> None:
    Person.objects.filter(owner_id=owner.pk).delete()
    Organization.objects.filter(owner_id=owner.pk).delete()
    Tag.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    org_ids = ids.table("organization")
    for n, item in enumerate(data["organizations"]):
        org = Organization.objects.create(
            owner_id=owner.pk, **{f: item.get(f, "") for f in ORGANIZATION_FIELDS}
        )
        created = parse_datetime(item.get("created"), f"organizations[{n}].created")
        if created:
            Organization.objects.filter(pk=org.pk).update(created=created)
        org_ids[item["id"]] = org.pk
    tags: dict[str, Tag] = {}
    for name in data["tags"]:
        tags[name_key(name)] = Tag.objects.create(owner_id=owner.pk, name=name)
    people: dict[int, Person] = {}
    for n, item in enumerate(data["people"]):
        person = Person(owner_id=owner.pk, **{f: item.get(f) for f in PERSON_FIELDS})
        person.name_key = name_key(person.name)
        person.organization_id = (
            ids.get("organization", item["organization"], f"people[{n}].organization")
            if item.get("organization")
            else None
        )
        person.known_since = parse_date(item.get("known_since"), f"people[{n}].known_since")
        people[item["id"]] = person
    Person.objects.bulk_create(list(people.values()), batch_size=1000)
    for n, item in enumerate(data["people"]):
        created = parse_datetime(item.get("created"), f"people[{n}].created")
        if created:
            people[item["id"]].created = created
    Person.objects.bulk_update(list(people.values()), ["created"], batch_size=1000)  # kept as it was
    ids.table("person").update({key: p.pk for key, p in people.items()})
    through = Person.tags.through
    emails, phones, links, tag_links, positions = [], [], [], [], []
    for n, item in enumerate(data["people"]):
        pid = people[item["id"]].pk
        emails += [EmailAddress(person_id=pid, address=a, address_key=a.lower()) for a in item["emails"]]
        phones += [PhoneNumber(person_id=pid, raw=p["raw"], e164=p["e164"]) for p in item["phones"]]
        links += [ProfileLink(person_id=pid, url=u) for u in item["links"]]
        for name in item["tags"]:
            tag = tags.get(name_key(name)) or tags.setdefault(
                name_key(name), Tag.objects.create(owner_id=owner.pk, name=name)
            )
            tag_links.append(through(person_id=pid, tag_id=tag.pk))
        for m, p in enumerate(item.get("past_positions", [])):
            until = parse_date(p["until"], f"people[{n}].past_positions[{m}].until")
            positions.append(
                PastPosition(
                    person_id=pid, title=p["title"], organization_name=p["organization"], until=until
                )
            )
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
        a = ids.get("person", item.get("a"), f"ties[{n}].a")
        b = ids.get("person", item.get("b"), f"ties[{n}].b")
        ties.append(
            Tie(
                owner_id=owner.pk,
                person_a_id=min(a, b),
                person_b_id=max(a, b),
                strength=item["strength"],
                context=item["context"],
            )
        )
    Tie.objects.bulk_create(ties, batch_size=1000)
    refresh_search_entries([p.pk for p in people.values()])


register_section(Section("network", 10, dump, load, clear))
