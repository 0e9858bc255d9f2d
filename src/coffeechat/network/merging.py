"""Joining two records of the same person into one, with everything both have."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from coffeechat.network.models import (
    EmailAddress,
    PastPosition,
    Person,
    PhoneNumber,
    ProfileLink,
    Tie,
)
from coffeechat.network.references import Reference, merge_handler, person_references

FILLED_FROM_DUPLICATE = ("title", "organization_id", "location", "how_known", "tie_context")


class CannotMerge(ValueError):
    pass


@transaction.atomic
def merge_people(keep: Person, duplicate: Person) -> Person:
    if keep.pk == duplicate.pk or keep.owner_id != duplicate.owner_id:
        raise CannotMerge("a person can only be merged with another person in the same network")
    for field in FILLED_FROM_DUPLICATE:
        if not getattr(keep, field):
            setattr(keep, field, getattr(duplicate, field))
    dates = [d for d in (keep.known_since, duplicate.known_since) if d]
    keep.known_since = min(dates) if dates else None
    strengths = [s for s in (keep.tie_strength, duplicate.tie_strength) if s]
    keep.tie_strength = max(strengths) if strengths else None
    keep.sensitive = keep.sensitive or duplicate.sensitive
    if duplicate.notes and duplicate.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{duplicate.notes}".strip()

    _move(EmailAddress, duplicate, keep, "address_key")
    _move(PhoneNumber, duplicate, keep, "e164")
    _move(ProfileLink, duplicate, keep, "url")
    PastPosition.objects.filter(person=duplicate).update(person=keep)
    keep.tags.add(*duplicate.tags.all())
    _move_ties(duplicate, keep)
    for reference in person_references():
        _repoint(reference, duplicate, keep)
    duplicate.delete()
    keep.save()
    return keep


def _move(model: type, duplicate: Person, keep: Person, key: str) -> None:
    have = set(model.objects.filter(person=keep).values_list(key, flat=True))  # type: ignore[attr-defined]
    for item in model.objects.filter(person=duplicate):  # type: ignore[attr-defined]
        if getattr(item, key) in have:
            item.delete()
        else:
            item.person = keep
            item.save()
            have.add(getattr(item, key))


def _repoint(reference: Reference, duplicate: Person, keep: Person) -> None:
    """Everything of another area that pointed at the duplicate now points at the kept person."""
    rows = reference.rows(duplicate)
    if not rows.exists():
        return
    handler = merge_handler(reference.model)
    if handler is not None:
        handler(rows, duplicate, keep)
        return
    try:
        with transaction.atomic():
            rows.update(**{reference.field: keep})
    except IntegrityError:
        if not reference.model._meta.auto_created:
            raise CannotMerge(
                f"both have {reference.name} that cannot be joined; nothing was changed"
            ) from None
        # A link table (both were excluded from one exploration, say): the kept link says it all.
        clashing = reference.model._default_manager.filter(**{reference.field: keep})
        other = next(
            f.name
            for f in reference.model._meta.get_fields()
            if getattr(f, "concrete", False) and f.many_to_one and f.name != reference.field
        )
        rows.filter(**{f"{other}__in": clashing.values(other)}).delete()
        rows.update(**{reference.field: keep})


def _move_ties(duplicate: Person, keep: Person) -> None:
    existing = {tie.other(keep).pk: tie for tie in Tie.objects.filter(Q(person_a=keep) | Q(person_b=keep))}
    for tie in list(Tie.objects.filter(Q(person_a=duplicate) | Q(person_b=duplicate))):
        other_end = tie.other(duplicate)
        tie.delete()
        if other_end.pk == keep.pk:
            continue  # they were tied to each other: now one person
        if other_end.pk in existing:
            kept = existing[other_end.pk]
            kept.strength = max(kept.strength, tie.strength)
            kept.context = kept.context or tie.context
            kept.save()
            continue
        a, b = sorted((keep.pk, other_end.pk))
        existing[other_end.pk] = Tie.objects.create(
            owner_id=keep.owner_id,
            person_a_id=a,
            person_b_id=b,
            strength=tie.strength,
            context=tie.context,
        )
