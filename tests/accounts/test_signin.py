from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.accounts.models import SignInLink
from coffeechat.accounts.signin import create_signin_token, ensure_owner

pytestmark = pytest.mark.django_db


def test_the_first_start_makes_an_owner_without_a_password_and_only_once() -> None:
    owner, created = ensure_owner()
    assert created and not owner.has_usable_password()
    assert ensure_owner() == (owner, False)
    assert User.objects.count() == 1


def test_a_signin_link_signs_in_once(client: Client) -> None:
    owner, _ = ensure_owner()
    token = create_signin_token(owner)
    response = client.get(f"/signin/{token}/")
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Set a password" in home.content.decode()
    again = Client().get(f"/signin/{token}/")
    assert again.status_code == 410 and "coffeechat signin" in again.content.decode()


def test_an_expired_or_made_up_link_does_not_sign_in(client: Client) -> None:
    owner, _ = ensure_owner()
    token = create_signin_token(owner)
    SignInLink.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/signin/{token}/").status_code == 410
    assert client.get("/signin/not-a-token/").status_code == 410
    assert client.get("/").status_code == 302


def test_only_a_hash_of_the_token_is_stored() -> None:
    owner, _ = ensure_owner()
    token = create_signin_token(owner)
    assert not SignInLink.objects.filter(token_hash__contains=token).exists()


def test_the_owner_can_set_a_password_and_then_sign_in_with_it(client: Client) -> None:
    owner, _ = ensure_owner()
    client.force_login(owner)
    client.post(
        "/account/",
        {"new_password1": "tea and biscuits 99", "new_password2": "tea and biscuits 99"},
    )
    fresh = Client()
    response = fresh.post("/login/", {"username": owner.username, "password": "tea and biscuits 99"})
    assert response.status_code == 302 and fresh.get("/people/").status_code == 200


def test_every_page_needs_sign_in(client: Client) -> None:
    for url in ("/", "/people/", "/people/new/", "/organizations/", "/search/?q=a", "/account/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert client.get("/login/").status_code == 200


def test_forms_need_a_csrf_token(user: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/people/new/", {"name": "Dev Patel"}).status_code == 403
