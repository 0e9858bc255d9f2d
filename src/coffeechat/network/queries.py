"""Reading the network: the filtered people list and the search page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from coffeechat.lib.text import name_key
from coffeechat.network.access import AnyUser, organizations_for_user, people_for_user
from coffeechat.network.models import Organization, Person
from coffeechat.network.search import search_people
from coffeechat.network.search_sources import search_texts

PAGE_SIZE = 50
MOST_SEARCH_RESULTS = 500


@dataclass
class PeopleFilters:
    q: str = ""
    org: str = ""
    tag: int | None = None
    how: str = ""

    @classmethod
    def from_cleaned(cls, data: dict[str, Any]) -> PeopleFilters:
        return cls(
            q=data.get("q") or "",
            org=data.get("org") or "",
            tag=data.get("tag"),
            how=data.get("how") or "",
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.org or self.tag or self.how)


def _filtered(user: AnyUser, filters: PeopleFilters) -> QuerySet[Person]:
    people = people_for_user(user)
    if filters.org:
        people = people.filter(organization__name_key__contains=name_key(filters.org))
    if filters.tag:
        people = people.filter(tags__id=filters.tag)
    if filters.how:
        people = people.filter(how_known=filters.how)
    return people


def with_details(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.select_related("organization").prefetch_related("tags")


# What the people table (network/_people_table.html) and the quick search show of a person; the
# table's tags are `listed_tags` (people_in_order).
LISTED_FIELDS = ("name", "title", "how_known", "sensitive", "organization", "organization__name")


def people_in_order(ids: list[int], listed_only: bool = False) -> list[Person]:
    """Load, with what the list shows, people already chosen by an owner-scoped query.

    Looked up by primary key alone on purpose: with an owner condition too, SQLite (without
    ANALYZE statistics) walks the whole owner index instead of fetching the 50 rows by id.
    `listed_only` reads only what the people table shows: making 50 people and their
    organizations whole, dates and all, was a fifth of a keystroke's search on PostgreSQL.
    """
    if listed_only:
        by_id = Person.objects.order_by().select_related("organization").only(*LISTED_FIELDS).in_bulk(ids)
        _attach_tag_names(by_id)
    else:
        by_id = with_details(Person.objects.order_by()).in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _attach_tag_names(people: dict[int, Person]) -> None:
    """Each listed person's tag names as `listed_tags`, in the tags' order, from one query: a
    prefetch of the tags made a related manager and a queryset for each person, which was half
    of loading a page of 50 people."""
    names: dict[int, list[str]] = {pk: [] for pk in people}
    rows = Person.tags.through.objects.filter(person_id__among=list(people)).order_by(
        "tag__name_key", "tag_id"
    )
    for person_id, name in rows.values_list("person_id", "tag__name"):
        names[person_id].append(name)
    for pk, person in people.items():
        person.listed_tags = names[pk]  # type: ignore[attr-defined]


def people_page(user: AnyUser, filters: PeopleFilters, page_number: Any) -> Page[Any]:
    """One page of the people list: by name, or by relevance when there is a search.

    Pages are cut from a list of ids (read from the covering index on owner, name, id), and
    only the people on the page are loaded: page 2,000 of a large network costs little more
    than page 1.
    """
    people = _filtered(user, filters)
    if filters.q:
        ranked: Any = search_people(user, filters.q, limit=MOST_SEARCH_RESULTS)
        if filters.org or filters.tag or filters.how:
            kept = set(people.filter(pk__in=ranked).values_list("pk", flat=True))
            ranked = [pk for pk in ranked if pk in kept]
    else:
        ranked = people.order_by("name_key", "id").values_list("pk", flat=True)
    page = Paginator(ranked, PAGE_SIZE).get_page(page_number)
    page.object_list = people_in_order(list(page.object_list), listed_only=True)
    return page


@dataclass(frozen=True)
class SearchLimits:
    people: int = 20
    texts: int = 20  # hits in what the user wrote (meeting notes, reflections ...)
    snippet_width: int = 160


def search_everything(user: AnyUser, query: str, limits: SearchLimits = SearchLimits()) -> dict[str, Any]:
    """People and organizations, then what the user wrote in their conversations."""
    ranked = search_people(user, query, limit=limits.people)
    organizations: list[Organization] = []
    if name_key(query):
        organizations = list(organizations_for_user(user).filter(name_key__contains=name_key(query))[:5])
    return {
        "query": query,
        "people": people_in_order(ranked, listed_only=True),
        "organizations": organizations,
        "from_conversations": search_texts(user, query, limits.texts, limits.snippet_width),
    }
