"""Wrong addresses and failures answer inside the app's layout, never with a bare page."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from coffeechat.core.errors import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_keeps_the_menu_and_says_what_to_do(alex: Client) -> None:
    response = alex.get("/people/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in page and 'aria-label="Main"' in page and "Go to Today" in page


def test_a_signed_out_visitor_is_offered_to_sign_in_and_sees_no_menu(client: Client) -> None:
    response = client.get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404 and "Sign in" in page and 'aria-label="Main"' not in page


def test_a_server_error_shows_the_layout_with_the_users_menu(user: User) -> None:
    request = RequestFactory().get("/")
    request.user = user
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and "was not saved" in page and 'aria-label="Main"' in page


def test_an_expired_form_is_explained(alex: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = alex.cookies
    response = strict.post("/people/new/", {"name": "Ana"})
    page = response.content.decode()
    assert response.status_code == 403 and "The form expired" in page and 'aria-label="Main"' in page
