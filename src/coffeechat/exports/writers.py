"""People out as vCard 3.0 and as CSV a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import vobject

from coffeechat.network.models import Person

CSV_COLUMNS = [
    "Name",
    "Title",
    "Organization",
    "Location",
    "Emails",
    "Phones",
    "Links",
    "Tags",
    "How known",
    "Known since",
    "Tie strength",
    "Sensitive",
    "Notes",
]
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def people_to_csv(people: Iterable[Person]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in people:
        row = [
            p.name,
            p.title,
            p.organization.name if p.organization else "",
            p.location,
            " ; ".join(e.address for e in p.emails.all()),
            " ; ".join(ph.e164 for ph in p.phones.all()),
            " ; ".join(link.url for link in p.links.all()),
            ", ".join(t.name for t in p.tags.all()),
            p.get_how_known_display() if p.how_known else "",
            p.known_since.isoformat() if p.known_since else "",
            str(p.tie_strength or ""),
            "yes" if p.sensitive else "",
            p.notes,
        ]
        writer.writerow([neutralise(str(v)) for v in row])
    return out.getvalue()


def person_to_vcard(person: Person) -> str:
    card = vobject.vCard()
    card.add("fn").value = person.name
    parts = person.name.rsplit(" ", 1)
    given, family = (parts[0], parts[1]) if len(parts) == 2 else (person.name, "")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if person.organization:
        card.add("org").value = [person.organization.name]
    if person.title:
        card.add("title").value = person.title
    for email in person.emails.all():
        item = card.add("email")
        item.value = email.address
        item.type_param = "INTERNET"
    for phone in person.phones.all():
        card.add("tel").value = phone.e164
    for link in person.links.all():
        card.add("url").value = link.url
    tags = [t.name for t in person.tags.all()]
    if tags:
        card.add("categories").value = tags
    if person.notes:
        card.add("note").value = person.notes
    if person.location:
        card.add("x-coffeechat-location").value = person.location
    return str(card.serialize())


def people_to_vcards(people: Iterable[Person]) -> str:
    return "".join(person_to_vcard(p) for p in people)
