"""The search function, run on whichever database the suite runs on (SQLite or PostgreSQL)."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.network.models import Organization, Person, Tag
from coffeechat.network.search import refresh_search_entries, search_people

pytestmark = pytest.mark.django_db


def names(owner: User, query: str) -> list[str]:
    by_id = Person.objects.in_bulk(search_people(owner, query))
    return [by_id[pk].name for pk in search_people(owner, query)]


def test_it_ignores_accents_and_case_both_ways(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "José Álvarez")
    make_person(user, "Bjorn Lindqvist")
    assert names(user, "jose alvarez") == ["José Álvarez"]
    assert names(user, "BJÖRN") == ["Bjorn Lindqvist"]


def test_it_matches_word_forms_and_prefixes_as_the_user_types(
    user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Dev Patel", title="Software Engineer")
    make_person(user, "Ana Ruiz", title="Researcher", notes="Studies how nurses use scheduling tools")
    assert names(user, "engineering") == ["Dev Patel"]
    assert names(user, "nurse") == ["Ana Ruiz"]
    assert names(user, "pat") == ["Dev Patel"]
    assert names(user, "softw eng") == ["Dev Patel"]


def test_it_searches_organizations_tags_and_notes(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Maria Lopez", org="Acme Health", tags=["alumni-network"])
    make_person(user, "Tom Brown", notes="Met at the Lisbon design meetup")
    assert names(user, "acme") == ["Maria Lopez"]
    assert names(user, "alumni") == ["Maria Lopez"]
    assert names(user, "lisbon") == ["Tom Brown"]


def test_it_ranks_a_name_match_above_a_mention_in_notes(
    user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Kim Lee", notes="Introduced me to Jordan at the conference")
    make_person(user, "Jordan Smith")
    assert names(user, "jordan") == ["Jordan Smith", "Kim Lee"]


def test_one_or_two_letters_find_the_names_starting_with_them_in_name_order_without_ranking_everyone(
    user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Kim Lee", title="Data analyst", notes="Knows Anna")
    make_person(user, "Tom Alvarez")
    make_person(user, "Ana Ruiz")
    make_person(user, "Bob Abbott")
    # a name starting with the letters (first or last name), by name; then the rest, best first
    assert names(user, "a") == ["Ana Ruiz", "Bob Abbott", "Tom Alvarez", "Kim Lee"]
    assert names(user, "Ab") == ["Bob Abbott"]
    assert names(user, "ana")[:1] == ["Ana Ruiz"] and "Kim Lee" in names(user, "ana")
    # a page filled by names asks the full-text index nothing: ranking most of a large network
    # for one letter took a quarter of a second
    with CaptureQueriesContext(connection) as queries:
        assert len(search_people(user, "a", limit=2)) == 2
    assert not [q["sql"] for q in queries if "bm25" in q["sql"] or "ts_rank" in q["sql"]]


def test_three_letters_find_the_names_starting_with_them_first_then_other_matches(
    user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Kim Lee", title="Case manager")
    make_person(user, "Sam Taylor")
    make_person(user, "Ana Castro")
    make_person(user, "Tay Nguyen")
    # a last name typed three letters in (SQLite's stemmer once read "tay" as "tai": no Taylor)
    assert names(user, "tay") == ["Tay Nguyen", "Sam Taylor"]
    assert names(user, "Cas") == ["Ana Castro", "Kim Lee"]
    # a page filled by names ranks nothing: a thousand names start with "cas" at 100,000 people
    with CaptureQueriesContext(connection) as queries:
        assert len(search_people(user, "tay", limit=2)) == 2
    assert not [q["sql"] for q in queries if "bm25" in q["sql"] or "ts_rank" in q["sql"]]


def test_a_word_that_starts_thousands_of_titles_still_finds_the_name_first(
    user: User, make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both engines rank a bounded number of matches; here the bound is 3 and four managers come
    # first, so the names would be out of the ranked ones
    monkeypatch.setattr("coffeechat.network.search.RANKED_AMONG", 3)
    for n in range(4):
        make_person(user, f"Person {n}", title="Product manager")
    make_person(user, "Manaia Smith", title="Nurse")
    make_person(user, "Lee Manahan", title="Nurse")
    make_person(user, '"Mana" Lee', title="Nurse")  # a first name, though the folded name starts with '"'
    found = names(user, "mana")
    assert found[:3] == ['"Mana" Lee', "Manaia Smith", "Lee Manahan"] and len(found) >= 6
    assert len(set(found)) == len(found)
    assert names(user, "manah") == ["Lee Manahan"]
    assert names(user, "product mana")[:1] == ["Person 0"]


def test_it_requires_every_word(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Maria Lopez", title="Designer")
    make_person(user, "Maria Chen", title="Nurse")
    assert names(user, "maria nurse") == ["Maria Chen"]


def test_it_follows_renamed_organizations_tags_and_deletions(
    user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez", org="Initech", tags=["mentor"])
    org = Organization.objects.get(name="Initech")
    org.name = "Globex"
    org.save()
    assert names(user, "globex") == ["Maria Lopez"] and names(user, "initech") == []
    tag = Tag.objects.get(name="mentor")
    tag.name = "coach"
    tag.save()
    assert names(user, "coach") == ["Maria Lopez"]
    tag.delete()
    org.delete()
    assert names(user, "coach") == [] and names(user, "globex") == []
    maria.delete()
    assert names(user, "maria") == []


def test_it_never_returns_another_users_people(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    make_person(other_user, "Maria Lopez")
    assert names(user, "maria") == []


def test_it_finds_the_owners_people_when_another_accounts_crowd_the_best_matches(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    crowd = Person.objects.bulk_create(
        Person(owner=other_user, name=f"Maria Crowd {n}", name_key=f"maria crowd {n}") for n in range(250)
    )
    refresh_search_entries(p.pk for p in crowd)
    make_person(user, "Kim Lee", notes="Knows Maria from school")
    assert names(user, "maria") == ["Kim Lee"]


@pytest.mark.parametrize("query", ['"', "'", "*", "AND OR NOT", "a:*", "((", "-", "NEAR(", "\\", "   ", "é"])
def test_it_takes_any_text_without_error(user: User, make_person: Callable[..., Person], query: str) -> None:
    make_person(user, "Maria Lopez")
    assert isinstance(search_people(user, query), list)


def test_it_finds_cyrillic_and_cjk_names(user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Иван Петров")
    make_person(user, "王小明")
    assert names(user, "иван") == ["Иван Петров"]
    assert names(user, "王小明") == ["王小明"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's expression index")
def test_on_postgresql_the_words_are_looked_up_as_the_full_text_indexes_were_made(
    user: User, make_person: Callable[..., Person]
) -> None:
    # An index serves only a query that writes its expression exactly: at 100,000 people reading
    # the table took 47 ms for the other words of names, and the index under 1 ms.
    make_person(user, "Lee Manahan", title="Product manager")
    with CaptureQueriesContext(connection) as queries:
        search_people(user, "mana")
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is otherwise read whole
        for query in queries.captured_queries:
            if "network_searchentry" in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert len(plans) == 2  # the other words of names, then the ranking
    assert "network_searchentry_name_words" in plans[0] and "network_searchentry_vector" in plans[1]
