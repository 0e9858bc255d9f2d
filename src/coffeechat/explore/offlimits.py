"""Who is never suggested, never an introducer and never named: the user's private lines."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, Q

from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person


def off_limits_filter(exploration: Exploration | None) -> Q:
    """People marked sensitive, at a sensitive organization, or excluded from this exploration."""
    condition = Q(sensitive=True) | Q(organization__sensitive=True)
    if exploration is not None:
        condition |= Q(pk__in=exploration.excluded_people.values("pk"))
        condition |= Q(organization__in=exploration.excluded_organizations.values("pk"))
    return condition


def off_limits_in(exploration_id: F) -> Q:
    """`off_limits_filter` for an exploration named by a column of an outer query (`OuterRef`), so
    a list of requests can each find theirs in one query: each exclusion is one probe of its
    table's (exploration, person or organization) index, where an IN list would be read again
    for every person tried."""
    people = Exploration.excluded_people.through.objects.filter(
        exploration_id=exploration_id, person_id=OuterRef("pk")
    )
    organizations = Exploration.excluded_organizations.through.objects.filter(
        exploration_id=exploration_id, organization_id=OuterRef("organization_id")
    )
    return Q(sensitive=True) | Q(organization__sensitive=True) | Exists(people) | Exists(organizations)


def off_limits_among(owner: AbstractBaseUser, ids: set[int], exploration: Exploration | None) -> set[int]:
    """Which of these people (the owner's) are off-limits."""
    if not ids:
        return set()
    # By id alone: with the owner condition too, SQLite would walk the owner's whole index.
    people = Person.objects.filter(pk__among=ids)
    return set(people.filter(off_limits_filter(exploration)).values_list("pk", flat=True))
