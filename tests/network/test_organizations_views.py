from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.network.models import Organization, Person

pytestmark = pytest.mark.django_db


def test_it_adds_an_organization_and_derives_its_domain(alex: Client, user: User) -> None:
    response = alex.post(
        "/organizations/new/",
        {
            "name": "Acme Health",
            "website": "www.acme-health.example/about",
            "industry": "Health care",
            "size_band": "large",
            "sensitive": "on",
        },
    )
    org = Organization.objects.get(owner=user)
    assert response["Location"] == f"/organizations/{org.pk}/"
    assert (org.domain, org.size_band, org.sensitive) == ("acme-health.example", "large", True)


def test_a_malformed_website_is_refused_with_a_message(alex: Client, user: User) -> None:
    for bad in ("https://www.linkedin.com:m/in/x", "http://[x", "acme.example:99999"):
        response = alex.post("/organizations/new/", {"name": "Acme Health", "website": bad})
        assert response.status_code == 200 and "Enter a valid URL." in response.content.decode()
    assert not Organization.objects.exists()


def test_it_refuses_a_second_organization_with_the_same_name(alex: Client, user: User) -> None:
    Organization.objects.create(owner=user, name="Acme Health")
    response = alex.post("/organizations/new/", {"name": "ACME  health"})
    assert "You already have an organization named" in response.content.decode()
    assert Organization.objects.count() == 1


def test_it_lists_the_people_at_an_organization(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Maria Lopez", org="Acme")
    make_person(user, "Dev Patel", org="Globex")
    acme = Organization.objects.get(name="Acme")
    page = alex.get(f"/organizations/{acme.pk}/").content.decode()
    assert "Maria Lopez" in page and "Dev Patel" not in page
    listing = alex.get("/organizations/?q=acm", headers={"HX-Request": "true"}).content.decode()
    assert "Acme" in listing and "Globex" not in listing


def test_deleting_an_organization_keeps_its_people(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez", org="Acme")
    acme = Organization.objects.get(name="Acme")
    assert "stay in your network" in alex.get(f"/organizations/{acme.pk}/delete/").content.decode()
    alex.post(f"/organizations/{acme.pk}/delete/")
    maria.refresh_from_db()
    assert maria.organization is None and not Organization.objects.exists()


def test_another_users_organization_is_not_found(
    client_for: Callable[[User], Client], user: User, other_user: User
) -> None:
    acme = Organization.objects.create(owner=user, name="Acme")
    sam = client_for(other_user)
    for url in (
        f"/organizations/{acme.pk}/",
        f"/organizations/{acme.pk}/edit/",
        f"/organizations/{acme.pk}/delete/",
    ):
        assert sam.get(url).status_code == 404
    assert sam.post(f"/organizations/{acme.pk}/edit/", {"name": "Mine now"}).status_code == 404
    assert "Acme" not in sam.get("/organizations/").content.decode()
    acme.refresh_from_db()
    assert acme.name == "Acme"


def test_the_list_counts_the_people_at_each_organization(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    for name in ("Maria Lopez", "Ana Ruiz", "Bo Berg"):
        make_person(user, name, org="Acme")
    make_person(user, "Dev Patel", org="Globex")
    Organization.objects.create(owner=user, name="Initech", name_key="initech")
    rows = alex.get("/organizations/").content.decode().split("<tr")
    counts = {
        org: row.split("<td>")[-1].split("<")[0]
        for row in rows
        for org in ("Acme", "Globex", "Initech")
        if org in row
    }
    assert counts == {"Acme": "3", "Globex": "1", "Initech": "0"}
