"""Plain-data forms of network records, for `--json` output and later exports."""

from __future__ import annotations

from typing import Any

from coffeechat.network.models import Person


def person_to_dict(person: Person) -> dict[str, Any]:
    """Expects emails, phones, links and tags prefetched when called for many people."""
    return {
        "id": person.pk,
        "name": person.name,
        "title": person.title,
        "organization": person.organization.name if person.organization else "",
        "organization_id": person.organization_id,
        "location": person.location,
        "emails": [e.address for e in person.emails.all()],
        "phones": [p.e164 for p in person.phones.all()],
        "links": [link.url for link in person.links.all()],
        "tags": [t.name for t in person.tags.all()],
        "how_known": person.how_known,
        "known_since": person.known_since.isoformat() if person.known_since else None,
        "tie_strength": person.tie_strength,
        "tie_context": person.tie_context,
        "sensitive": person.sensitive,
        "notes": person.notes,
    }
