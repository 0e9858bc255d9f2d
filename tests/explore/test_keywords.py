"""The exploration's words in tags and notes: found there alone, through their own index."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection

from coffeechat.explore.keywords import tagged_people
from coffeechat.network.models import Person
from coffeechat.network.search_index import HAS_TAGS_OR_NOTES, TAGS_NOTES


def test_people_whose_tags_or_notes_hold_every_word_are_found_and_titles_alone_are_not(
    user: User, make_person: Callable[..., Person]
) -> None:
    tagged = make_person(user, "Ana Ruiz", tags=["ux research", "health care"])
    noted = make_person(user, "Kim Lee", notes="Ran UX research for a health care startup")
    make_person(user, "Sam Taylor", title="UX research lead", notes="health care")  # "ux" only in the title
    make_person(user, "Jo Park", notes="UX research")  # not every word
    found = tagged_people(user.pk, ["ux", "research", "health", "care"])
    assert set(found) == {tagged.pk, noted.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's expression index")
def test_on_postgresql_the_search_writes_the_tags_and_notes_index_as_it_was_made(user: User) -> None:
    # An expression index serves only a query that writes its expression and condition exactly.
    sql = (
        f"EXPLAIN SELECT person_id FROM network_searchentry "
        f"WHERE {HAS_TAGS_OR_NOTES} AND {TAGS_NOTES} @@ to_tsquery('simple', 'ux:*')"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is otherwise read whole
        cursor.execute(sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "network_searchentry_tags_notes" in plan
