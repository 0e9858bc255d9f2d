from django.db.models import QuerySet

from coffeechat.network.access import AnyUser, people_for_user
from coffeechat.network.models import Person


def people_to_export(user: AnyUser, ids: list[int] | None = None, tag: str = "") -> QuerySet[Person]:
    people = people_for_user(user)
    if ids:
        people = people.filter(pk__in=ids)
    if tag:
        people = people.filter(tags__name__iexact=tag)
    return people.select_related("organization").prefetch_related("emails", "phones", "links", "tags")
