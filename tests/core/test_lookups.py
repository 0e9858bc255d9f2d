"""`__among`: the rows whose id is in a list, as `__in` finds them, with the list sent whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.network.models import Person, Tie


def test_among_finds_what_in_finds_by_id_and_by_foreign_key(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    people = [make_person(user, f"Person {n}") for n in range(6)]
    elsewhere = make_person(other_user, "Someone Else")
    for a, b in ((0, 1), (0, 2), (3, 4)):
        Tie.objects.create(owner=user, person_a=people[a], person_b=people[b])
    wanted = [people[0].pk, people[3].pk, elsewhere.pk, 10**9]  # one that does not exist

    def both(key: str, value: list[int]) -> tuple[set[int], set[int]]:
        found = set(Tie.objects.filter(**{f"{key}__among": value}).values_list("pk", flat=True))
        expected = set(Tie.objects.filter(**{f"{key}__in": value}).values_list("pk", flat=True))
        return found, expected

    for key in ("person_a", "person_a_id", "person_a__pk"):
        found, expected = both(key, wanted)
        assert found == expected and len(found) == 3
    people_found = Person.objects.filter(pk__among={p.pk for p in people[:2]} | {elsewhere.pk})
    assert set(people_found) == {people[0], people[1], elsewhere}
    # With other conditions, and from a generator; no ids, no rows.
    mine = Person.objects.filter(owner=user, pk__among=(p.pk for p in (people[5], elsewhere)))
    assert list(mine) == [people[5]]
    assert list(Person.objects.filter(pk__among=[])) == []
    assert Person.objects.exclude(pk__among=[people[0].pk]).filter(owner=user).count() == 5


def test_a_thousand_ids_go_as_one_parameter(user: User, make_person: Callable[..., Person]) -> None:
    kept = make_person(user, "Kept")
    ids = [kept.pk, *range(10**6, 10**6 + 1000)]
    with CaptureQueriesContext(connection) as queries:
        assert list(Person.objects.filter(pk__among=ids)) == [kept]
    assert len(queries) == 1
    sql, params = Person.objects.filter(pk__among=ids).query.sql_with_params()
    assert len(params) == 1 and sql.count("%s") == 1  # `__in` writes a placeholder for each id
    sql, params = Person.objects.filter(pk__in=ids).query.sql_with_params()
    assert len(params) == len(ids)


@pytest.mark.parametrize("value", ["12", 12, [1, "two"], [Person(pk=None)]])
def test_among_takes_only_a_list_of_ids(user: User, value: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        list(Person.objects.filter(pk__among=value))
