"""Too many wrong passwords: per account and address, shared through the database, never the link."""

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import ManagementUtility, call_command
from django.http import HttpResponse
from django.test import Client
from django.test.client import ClientHandler

from coffeechat.accounts.signin import create_signin_token
from coffeechat.lib.proxies import apply_forwarding

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 42"
CAMPUS = "10.0.0.1"


@pytest.fixture(autouse=True)
def fast_hashing(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def alex(db: None, fast_hashing: None) -> User:
    return User.objects.create_user("alex", password=PASSWORD)


class BehindTrustedProxies(ClientHandler):
    """The test client's handler with what wsgi.py puts in front of Django: the proxy layer."""

    def __call__(self, environ: dict[str, Any]) -> HttpResponse:
        apply_forwarding(environ, settings.TRUSTED_PROXIES)
        return super().__call__(environ)


def sign_in(username: str, password: str, address: str = CAMPUS, **headers: str) -> HttpResponse:
    browser = Client(REMOTE_ADDR=address, headers=headers)
    browser.handler = BehindTrustedProxies(enforce_csrf_checks=False)
    return browser.post("/login/", {"username": username, "password": password})


def lock_out(username: str, address: str = CAMPUS) -> HttpResponse:
    for _ in range(5):
        response = sign_in(username, "wrong guess", address)
    return response


def test_the_fifth_wrong_password_pauses_that_account_from_that_address(alex: User) -> None:
    assert [sign_in("alex", "wrong").status_code for _ in range(4)] == [200] * 4
    locked = sign_in("alex", "wrong")
    page = locked.content.decode()
    assert locked.status_code == 429
    assert "<title>Sign in · coffeechat</title>" in page and 'name="password"' in page
    assert "Too many wrong passwords" in page and "try again in 15 minutes" in page
    assert "coffeechat signin" in page
    right = sign_in("alex", PASSWORD)
    assert right.status_code == 429, "even the right password waits"


def test_a_lockout_stops_neither_the_owner_elsewhere_nor_others_on_the_same_network(
    alex: User, other_user: User
) -> None:
    lock_out("alex")
    assert sign_in("alex", PASSWORD, address="192.0.2.7").status_code == 302
    assert sign_in("sam", "another passphrase 42").status_code == 302


def test_only_a_trusted_proxy_names_the_address_failures_count_against(alex: User) -> None:
    for n in range(5):
        response = sign_in("alex", "wrong", **{"X-Forwarded-For": f"198.51.100.{n}"})
    assert response.status_code == 429, "a client cannot claim a fresh address per try"
    proxy = "127.0.0.1"
    for _ in range(5):
        response = sign_in("alex", "wrong", address=proxy, **{"X-Forwarded-For": "203.0.113.7"})
    assert response.status_code == 429
    behind_the_same_proxy = sign_in("alex", PASSWORD, address=proxy, **{"X-Forwarded-For": "203.0.113.8"})
    assert behind_the_same_proxy.status_code == 302, "the proxy's other clients are not locked out"


def test_the_one_time_link_signs_in_while_locked_out_and_clears_the_failures(alex: User) -> None:
    lock_out("alex")
    lock_out("alex", address="192.0.2.7")
    link = f"/signin/{create_signin_token(alex)}/"
    browser = Client(REMOTE_ADDR=CAMPUS)
    assert browser.get(link).status_code == 200
    assert browser.post(link).status_code == 302 and browser.get("/").status_code == 200
    assert sign_in("alex", PASSWORD).status_code == 302
    assert sign_in("alex", PASSWORD, address="192.0.2.7").status_code == 302


def test_a_right_password_clears_the_count(alex: User) -> None:
    for _ in range(4):
        sign_in("alex", "wrong")
    assert sign_in("alex", PASSWORD).status_code == 302
    assert sign_in("alex", "wrong").status_code == 200, "the count started again"


def test_the_command_line_unlocks_an_account(alex: User) -> None:
    lock_out("alex")
    call_command("axes_reset_username", "alex", stdout=StringIO())
    assert sign_in("alex", PASSWORD).status_code == 302
    commands = ManagementUtility(["coffeechat"]).main_help_text()
    assert "axes_reset_username" in commands and "signin" in commands
