"""Where a form asks to go next (`next=`) stays on this site: every view that takes one, found from
the URL patterns, is sent addresses of other sites and answers with a path of its own."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.views import RedirectURLMixin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django.fixtures import Settings

from coffeechat.conversations.models import PipelineEntry
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person

SOURCE = Path(__file__).resolve().parents[2] / "src" / "coffeechat"
OFF_SITE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "///evil.example",
]
# What a template may put in `next`: a path it names, this page, or the value to be checked again.
THIS_SITE = (
    r"\{% url [^%]+%\}|"
    r"\{\{ (request\.(path|get_full_path)(\|urlencode)?|next|request\.GET\.next\|default:'') \}\}"
)
PASSWORD = "a long passphrase 42"  # the `user` fixture's

# How to reach each view that takes `next`: (address, form data) for this account's records.
RECIPES: dict[str, Callable[[dict[str, Any]], tuple[str, dict[str, str]]]] = {
    "accounts:login": lambda ids: ("/login/", {"username": "alex", "password": PASSWORD}),
    "accounts:logout": lambda ids: ("/logout/", {}),
    "conversations:record": lambda ids: (f"/pipeline/{ids['entry']}/record/", {"event": "replied"}),
    "conversations:stage": lambda ids: (f"/pipeline/{ids['entry']}/stage/", {"stage": "met"}),
    "conversations:give_back": lambda ids: (
        f"/people/{ids['person']}/give-back/",
        {"kind": "article", "on": "2026-01-05", "note": ""},
    ),
    "conversations:today_decision": lambda ids: ("/today/decide/", {"key": "thank:1", "action": "dismiss"}),
    "insights:curate": lambda ids: (
        "/insights/items/",
        {"kind": "skills", "key": "budgets", "action": "unconfirm"},
    ),
}


def _views(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.callback


def takes_next(callback: Any) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return issubclass(view_class, RedirectURLMixin)  # Django's own: login, logout
    return "next_or(" in inspect.getsource(inspect.unwrap(callback))


def assert_on_this_site(location: str, sent: str) -> None:
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, f"next={sent!r} went to {location!r}"
    assert location.startswith("/") and location[1:2] not in ("/", "\\"), (
        f"next={sent!r} went to {location!r}"
    )


def test_every_view_that_takes_next_is_tried() -> None:
    found = {name for name, callback in _views(get_resolver()) if takes_next(callback)}
    assert found == set(RECIPES), "a view takes `next`: add how to reach it to RECIPES"


@pytest.mark.django_db
@pytest.mark.parametrize("view_name", sorted(RECIPES))
def test_next_never_leaves_the_site(
    view_name: str, user: User, make_person: Callable[..., Person], settings: Settings
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # ten sign-ins, fast
    user.set_password(PASSWORD)
    user.save()
    person = make_person(user, "Ana Ruiz")
    exploration = Exploration.objects.create(owner=user, text="Nursing")
    entry = PipelineEntry.objects.create(exploration=exploration, person=person, stage="asked")
    address, data = RECIPES[view_name]({"person": person.pk, "entry": entry.pk})
    for target in OFF_SITE:
        for in_query in (False, True):
            client = Client()
            if view_name != "accounts:login":
                client.force_login(user)
            sent = f"{address}?{'next=' + target if in_query else ''}"
            answer = client.post(sent, data if in_query else {**data, "next": target})
            assert answer.status_code in (301, 302, 303), (view_name, target, answer.status_code)
            assert_on_this_site(answer["Location"], target)
    client = Client()
    client.force_login(user)
    answer = client.post(address, {**data, "next": "/people/?q=ana"})
    assert answer["Location"] == "/people/?q=ana", "a path on this site is kept"


def test_addresses_to_go_to_are_read_from_a_request_only_through_next_or() -> None:
    """No view takes a redirect target from the request by hand (a Referer, a `return_to`, an
    htmx redirect header built from input), and templates put only this site's paths in `next`."""
    by_hand = re.compile(
        r"HTTP_REFERER|headers\.get\(\s*[\"']referer|"
        r"(GET|POST|data|params)(\.get\(|\[)\s*[\"'](next|return_to|back|redirect_to|return|url|to)[\"']|"
        r"HX-(Redirect|Location)[\"']\s*:\s*request",
        re.IGNORECASE,
    )
    for module in SOURCE.glob("**/*.py"):
        if module.name != "params.py":
            assert not by_hand.search(module.read_text()), module
    for template in SOURCE.glob("**/templates/**/*.html"):
        text = template.read_text()
        for value in re.findall(r'\?next=([^"&]*)', text) + re.findall(r'name="next" value="([^"]*)"', text):
            assert re.fullmatch(THIS_SITE, value), f"{template.name}: next={value}"
