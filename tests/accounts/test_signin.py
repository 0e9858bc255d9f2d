import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
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


def press_sign_in(browser: Client, link: str) -> HttpResponse:
    """Open the link and press its button, as a browser with no session yet does."""
    page = browser.get(link)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token and "<button" in page.content.decode()
    return browser.post(link, {"csrfmiddlewaretoken": token.group(1)})


def test_a_signin_link_signs_in_once_with_its_button() -> None:
    owner, _ = ensure_owner()
    link = f"/signin/{create_signin_token(owner)}/"
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link)
    assert f"Sign in as {owner.username}" in page.content.decode()
    assert browser.get("/").status_code == 302, "opening the link alone signs nobody in"
    response = press_sign_in(browser, link)
    assert response.status_code == 302 and response["Location"] == "/"
    home = browser.get("/")
    assert home.status_code == 200 and "Set a password" in home.content.decode()
    again = Client().post(link)
    assert again.status_code == 410 and "coffeechat signin" in again.content.decode()


def test_a_link_preview_does_not_use_the_link_up(client: Client) -> None:
    owner, _ = ensure_owner()
    link = f"/signin/{create_signin_token(owner)}/"
    for _ in range(2):
        assert client.get(link).status_code == 200
        assert client.head(link).status_code == 200
    assert client.get("/").status_code == 302
    assert client.post(link).status_code == 302
    assert client.get("/").status_code == 200
    used = Client().post(link)
    assert used.status_code == 410 and "This sign-in link cannot be used" in used.content.decode()
    assert Client().get(link).status_code == 410


def test_an_expired_or_made_up_link_does_not_sign_in(client: Client) -> None:
    owner, _ = ensure_owner()
    token = create_signin_token(owner)
    SignInLink.objects.update(expires=timezone.now() - timedelta(seconds=1))
    for link in (f"/signin/{token}/", "/signin/not-a-token/"):
        page = client.get(link)
        assert page.status_code == 410 and "<button" not in page.content.decode()
        assert client.post(link).status_code == 410
    assert client.get("/").status_code == 302


def test_a_new_link_revokes_the_older_unused_ones(client: Client, user: User, other_user: User) -> None:
    first, others = create_signin_token(user), create_signin_token(other_user)
    second = create_signin_token(user)
    assert client.get(f"/signin/{first}/").status_code == 410
    assert client.post(f"/signin/{first}/").status_code == 410
    assert Client().post(f"/signin/{others}/").status_code == 302, "another account's link still works"
    assert client.post(f"/signin/{second}/").status_code == 302


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


def test_a_link_for_another_account_says_it_switches(user: User) -> None:
    browser = Client()
    browser.force_login(user)
    owner = User.objects.create_user("robin")
    page = browser.get(f"/signin/{create_signin_token(owner)}/").content.decode()
    assert "You are signed in as alex here; signing in with this link switches to robin." in page
    own = browser.get(f"/signin/{create_signin_token(user)}/").content.decode()
    assert "switches" not in own
