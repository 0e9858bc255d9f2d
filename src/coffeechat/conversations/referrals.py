"""Referrals: people suggested in a meeting, matched against the network before anyone is added."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from coffeechat.conversations.events import entry_for
from coffeechat.conversations.models import Meeting, Referral
from coffeechat.imports.matching import Match
from coffeechat.imports.planning import load_index
from coffeechat.lib.text import name_key
from coffeechat.network.models import Person, Tie
from coffeechat.network.services import PersonDetails, connect, ordered_pair, save_person


@dataclass
class ReferralDetails:
    name: str
    title: str = ""
    organization: str = ""
    email: str = ""
    phone: tuple[str, str] | None = None  # (as typed, E.164)
    will_introduce: bool = False


def likely_match(meeting: Meeting, details: ReferralDetails) -> tuple[Person, str] | None:
    """Someone already in the network who may be this referral, with the reason, as imports match."""
    key = name_key(details.name)
    org_key = name_key(details.organization)
    phones = [details.phone[1]] if details.phone else []
    near = Q(name_key=key)
    if details.email:
        near |= Q(emails__address_key=details.email.lower())
    if phones:
        near |= Q(phones__e164=phones[0])
    if org_key:
        near |= Q(organization__name_key=org_key)
    near_ids = list(
        Person.objects.filter(near, owner_id=meeting.owner_id)
        .exclude(pk=meeting.person_id)
        .values_list("pk", flat=True)
        .distinct()[:200]
    )
    index = load_index(meeting.owner, Person.objects.filter(pk__in=near_ids))
    match: Match = index.match(
        key, details.organization, [details.email] if details.email else [], phones, []
    )
    if match.person_id is None:
        return None
    return Person.objects.select_related("organization").get(pk=match.person_id), match.reason


@transaction.atomic
def add_referral(meeting: Meeting, details: ReferralDetails, *, existing: Person | None = None) -> Person:
    """The person suggested in the meeting: linked if already known, else added; tied and listed."""
    referred_by = meeting.person
    if existing is not None:
        person = existing
    else:
        person = save_person(
            Person(
                name=details.name,
                title=details.title,
                how_known="referral",
                notes=f"Referred by {referred_by.name} on {meeting.starts:%d %b %Y}.",
            ),
            meeting.owner,
            PersonDetails(
                organization_name=details.organization,
                emails=[details.email] if details.email else [],
                phones=[details.phone] if details.phone else [],
            ),
        )
    a, b = ordered_pair(referred_by, person)
    if existing is None or not Tie.objects.filter(person_a=a, person_b=b).exists():
        connect(referred_by, person, 2, f"referred by {referred_by.name}"[:200])
    if meeting.exploration is not None:
        entry_for(meeting.exploration, person)
    Referral.objects.get_or_create(
        meeting=meeting, person=person, defaults={"will_introduce": details.will_introduce}
    )
    return person
