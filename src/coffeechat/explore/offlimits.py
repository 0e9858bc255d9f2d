"""Who is never suggested, never an introducer and never named: the user's private lines."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Q

from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person


def off_limits_filter(exploration: Exploration | None) -> Q:
    """People marked sensitive, at a sensitive organization, or excluded from this exploration."""
    if exploration is None:
        return Q(sensitive=True) | Q(organization__sensitive=True)
    return off_limits_in(exploration.pk)


def off_limits_in(exploration_id: int | F) -> Q:
    """`off_limits_filter` by the exploration's id, which may be a column of an outer query
    (`OuterRef`), so a list of requests can each find theirs in one query."""
    people = Exploration.excluded_people.through.objects.filter(exploration_id=exploration_id)
    organizations = Exploration.excluded_organizations.through.objects.filter(exploration_id=exploration_id)
    return (
        Q(sensitive=True)
        | Q(organization__sensitive=True)
        | Q(pk__in=people.values("person_id"))
        | Q(organization__in=organizations.values("organization_id"))
    )


def off_limits_among(owner: AbstractBaseUser, ids: set[int], exploration: Exploration | None) -> set[int]:
    """Which of these people (the owner's) are off-limits."""
    if not ids:
        return set()
    # By id alone: with the owner condition too, SQLite would walk the owner's whole index.
    people = Person.objects.filter(pk__in=ids)
    return set(people.filter(off_limits_filter(exploration)).values_list("pk", flat=True))
