from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.network.models import Person, Tie
from coffeechat.network.search import search_people
from coffeechat.network.services import connect

pytestmark = pytest.mark.django_db


def test_merging_joins_everything_two_records_have(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    keep = make_person(user, "Maria Lopez", emails=["maria@acme.example"], tags=["mentor"], tie_strength=1)
    duplicate = make_person(
        user,
        "María López",
        org="Acme Health",
        title="Nurse Manager",
        emails=["MARIA@acme.example", "m@home.example"],
        tags=["health"],
        tie_strength=3,
        notes="Met at the fair",
    )
    dev, kim = make_person(user, "Dev Patel"), make_person(user, "Kim Ng")
    connect(duplicate, dev, 3, "teammates")
    connect(duplicate, keep, 2, "")
    connect(keep, kim, 1, "")
    connect(duplicate, kim, 3, "neighbours")
    page = alex.get(f"/people/{keep.pk}/merge/").content.decode()
    assert "María López" in page and "checked" not in page  # nobody is chosen for the user
    refused = alex.post(f"/people/{keep.pk}/merge/", {}, follow=True).content.decode()
    assert "Choose the duplicate first" in refused and Person.objects.filter(pk=duplicate.pk).exists()
    response = alex.post(f"/people/{keep.pk}/merge/", {"other": duplicate.pk})
    assert response["Location"] == f"/people/{keep.pk}/"
    keep.refresh_from_db()
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert (keep.title, keep.organization.name, keep.tie_strength, keep.notes) == (
        "Nurse Manager",
        "Acme Health",
        3,
        "Met at the fair",
    )
    assert sorted(e.address for e in keep.emails.all()) == ["m@home.example", "maria@acme.example"]
    assert sorted(t.name for t in keep.tags.all()) == ["health", "mentor"]
    ties = {(t.other(keep).name, t.strength) for t in Tie.objects.all()}
    assert ties == {("Dev Patel", 3), ("Kim Ng", 3)}
    assert search_people(user, "nurse") == [keep.pk]


def test_only_the_users_own_people_can_be_merged(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
) -> None:
    keep, theirs = make_person(user, "Maria Lopez"), make_person(other_user, "Maria Lopez")
    alex = client_for(user)
    assert alex.post(f"/people/{keep.pk}/merge/", {"other": theirs.pk}).status_code == 404
    assert client_for(other_user).get(f"/people/{keep.pk}/merge/").status_code == 404
    alex.post(f"/people/{keep.pk}/merge/", {"other": keep.pk})
    assert Person.objects.count() == 2
