"""Changes to the network that touch several tables, each in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet

from coffeechat.lib.text import name_key
from coffeechat.network.models import (
    EmailAddress,
    Organization,
    Person,
    PhoneNumber,
    ProfileLink,
    Tag,
    Tie,
)
from coffeechat.network.references import person_references


@dataclass
class PersonDetails:
    """What a person has beyond their own columns, already validated."""

    organization_name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (as typed, E.164)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def organization_named(owner: AbstractBaseUser, name: str) -> Organization | None:
    """The owner's organization with this name (accents and case aside), made if new."""
    if not name_key(name):
        return None
    organization = Organization.objects.filter(owner_id=owner.pk, name_key=name_key(name)).first()
    if organization is None:
        organization = Organization.objects.create(owner_id=owner.pk, name=name)
    return organization


def tags_named(owner: AbstractBaseUser, names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        tag = Tag.objects.filter(owner_id=owner.pk, name_key=name_key(name)).first()
        tags.append(tag or Tag.objects.create(owner_id=owner.pk, name=name))
    return tags


@transaction.atomic
def save_person(person: Person, owner: AbstractBaseUser, details: PersonDetails) -> Person:
    person.owner_id = owner.pk
    person.organization = organization_named(owner, details.organization_name)
    person.save()

    person.emails.all().delete()
    EmailAddress.objects.bulk_create(
        [EmailAddress(person=person, address=a, address_key=a.lower()) for a in details.emails]
    )
    person.phones.all().delete()
    PhoneNumber.objects.bulk_create(
        [PhoneNumber(person=person, raw=raw, e164=e164) for raw, e164 in details.phones]
    )
    person.links.all().delete()
    ProfileLink.objects.bulk_create([ProfileLink(person=person, url=url) for url in details.links])
    # Saving the person and changing its tags refresh its search entry (signals.py).
    person.tags.set(tags_named(owner, details.tags))
    return person


def ordered_pair(first: Person, second: Person) -> tuple[Person, Person]:
    return (first, second) if first.pk < second.pk else (second, first)


@transaction.atomic
def connect(person: Person, other: Person, strength: int, context: str) -> Tie:
    """Record that two people know each other; an existing tie takes the new details."""
    a, b = ordered_pair(person, other)
    tie, _ = Tie.objects.update_or_create(
        person_a=a,
        person_b=b,
        defaults={"owner_id": person.owner_id, "strength": strength, "context": context},
    )
    return tie


@transaction.atomic
def connect_new_person(person: Person, new_name: str, strength: int, context: str) -> Tie:
    """Add someone the user only knows of through `person` (a second-degree contact)."""
    other = Person.objects.create(owner_id=person.owner_id, name=new_name, how_known="referral")
    return connect(person, other, strength, context)


def _ties_of_query(person: Person) -> QuerySet[Tie]:
    # By the person alone, so each side is one index lookup; with the owner in the WHERE clause too,
    # SQLite without statistics reads every tie of the owner instead. The owner is checked after.
    return Tie.objects.filter(Q(person_a=person) | Q(person_b=person)).order_by("-strength", "id")


def ties_of(person: Person) -> list[tuple[Tie, Person]]:
    """Each tie of a person with the person at its other end, strongest first."""
    ties = _ties_of_query(person).select_related("person_a__organization", "person_b__organization")
    return [(tie, tie.other(person)) for tie in ties if tie.owner_id == person.owner_id]


@dataclass(frozen=True)
class ListedTie:
    """What the person page lists of a tie: who is at its other end, how strong it is, and why."""

    tie_id: int
    strength: int
    context: str
    other_id: int
    name: str
    title: str
    organization: str | None  # None: no organization


_LISTED = ("id", "name", "title", "organization__name", "organization_id")


def listed_ties_of(person: Person) -> list[ListedTie]:
    """ties_of as the person page lists them, read as plain values: a well-connected person has
    dozens, and building five model objects for each took longer than the query."""
    sides = [[f"{side}__{field}" for field in _LISTED] for side in ("person_a", "person_b")]
    rows = _ties_of_query(person).values_list("owner_id", "id", "strength", "context", *sides[0], *sides[1])
    listed = []
    for owner_id, tie_id, strength, context, *people in rows:
        if owner_id != person.owner_id:
            continue
        other = people[5:] if people[0] == person.pk else people[:5]
        other_id, name, title, organization, organization_id = other
        listed.append(
            ListedTie(
                tie_id, strength, context, other_id, name, title, organization if organization_id else None
            )
        )
    return listed


@transaction.atomic
def delete_person(person: Person) -> None:
    """Delete a person and, explicitly, the records that protect them (the caller has asked).

    Links that do not protect keep their own rule: an import run that read this person's
    contacts only loses the link (SET_NULL), it is not deleted with them.
    """
    for reference in person_references():
        if reference.protects:
            reference.rows(person).delete()
    person.delete()
