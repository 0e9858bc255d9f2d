"""Every URL pattern says who may reach it (core/reach.py), and the site keeps to it.

The patterns are read from the resolver, so a new view is covered without anyone adding it here:
it fails until its urls.py declares it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from coffeechat.core.converters import IdConverter
from coffeechat.core.reach import Reach, Route, routes
from tests.core.two_accounts import (
    MARK,
    Ids,
    empty_kinds,
    filled_account,
    owned_by,
    rows_pointing_into_another_account,
)


def test_it_declares_who_may_reach_every_url_pattern() -> None:
    undeclared = [f"{route.name} ({route.route})" for route in routes() if route.reach is None]
    assert not undeclared, (
        "declare who may reach these patterns in their urls.py with owner(), member(), token() or "
        f"public() from coffeechat.core.reach: {', '.join(undeclared)}"
    )


def test_it_lets_in_without_login_exactly_the_token_and_public_patterns() -> None:
    mismatched = [
        f"{route.name} is declared {route.reach.value} but "
        + ("is exempt from login" if route.login_exempt else "requires login")
        for route in routes()
        if route.reach is not None and route.login_exempt == route.reach.needs_login
    ]
    assert not mismatched, "; ".join(mismatched)


def names_a_record(route: Route) -> bool:
    return any(isinstance(c, IdConverter) for c in route.pattern.pattern.converters.values())


def test_it_declares_owner_only_exactly_the_patterns_that_name_a_record() -> None:
    # An id in the address is what the walk below fills with another account's ids and expects a
    # 404 for; a pattern with an id declared otherwise would escape that check, and an owner-only
    # pattern without one would have nothing to check.
    wrong = [
        f"{route.name} ({route.route}) is declared {route.reach.value}"
        for route in routes()
        if route.reach is not None and (route.reach is Reach.OWNER) != names_a_record(route)
    ]
    assert not wrong, "declare owner() the patterns with an <id:...>, and only those: " + "; ".join(wrong)


# Form fields and query parameters through which views take ids besides the address; the walk
# sends the victim's ids in each, so a view that trusts one of them without the owner's scope shows.
# Searches ask for a name both accounts have: a search beyond the attacker's own shows the mark.
def ids_in_forms(ids: Ids) -> dict[str, str]:
    person, other = str(ids["person_id"]), str(ids["long_person_id"])
    return {
        "q": "Maria",
        "tie_q": "Maria",
        "person": person,
        "via": person,
        "network_of": person,
        "match": person,
        "candidate": person,
        "about": person,
        "other": other,
        "ids": f"{person},{other}",
        "exploration": str(ids["exploration_id"]),
        "meeting": str(ids["meeting_id"]),
        "organization": str(ids["organization_id"]),
        "question": str(ids["question_id"]),
        "entry": str(ids["entry_id"]),
        "tie": str(ids["tie_id"]),
    }


@dataclass
class Walk:
    victim_ids: Ids
    attacker: User
    attacker_ids: Ids
    client: Client = field(init=False)
    problems: list[str] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self) -> None:
        self.client = self.signed_in()

    def signed_in(self) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.attacker)
        client.get("/")  # the page sets the CSRF cookie a browser would send back
        return client

    def ask(
        self, client: Client, method: str, url: str, data: dict[str, str], *, htmx: bool = False
    ) -> HttpResponse:
        self.requests += 1
        token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
        headers = {"X-CSRFToken": token, **({"HX-Request": "true"} if htmx else {})}
        if method == "GET":
            return client.get(url, data, headers=headers)
        return client.post(url, {**data, "csrfmiddlewaretoken": token}, headers=headers)

    def note(self, what: str, response: HttpResponse) -> None:
        self.problems.append(f"{what}: answered {response.status_code}")

    def shows_the_victim(self, what: str, response: HttpResponse) -> None:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if MARK.encode() in content:
            self.problems.append(f"{what}: shows the other account's records")


def _kwargs(route: Route, mine: Ids, theirs: Ids, theirs_in: set[str]) -> dict[str, Any]:
    return {name: (theirs if name in theirs_in else mine)[name] for name in route.pattern.pattern.converters}


def _unfillable(route: Route, ids: Ids) -> list[str]:
    return [name for name in route.pattern.pattern.converters if name not in ids]


def _to_sign_in(response: HttpResponse) -> bool:
    return response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# How each pattern is asked: (method, the victim's ids in the query or form, as htmx).
OWNER_ASKS = (
    ("GET", False, False),
    ("POST", False, False),
    ("POST", True, False),
    ("GET", False, True),
    ("POST", True, True),
)
MEMBER_ASKS = (
    ("GET", False, False),
    ("GET", True, False),
    ("GET", True, True),
    ("POST", True, False),
    ("POST", True, True),
)


def walk_owner_pattern(walk: Walk, route: Route) -> None:
    """Every mix of the victim's ids with the attacker's own: each answers 404 (or 405)."""
    names = list(route.pattern.pattern.converters)
    mixes = [set(c) for n in range(1, len(names) + 1) for c in itertools.combinations(names, n)]
    for theirs_in in mixes:
        url = reverse(route.name, kwargs=_kwargs(route, walk.attacker_ids, walk.victim_ids, theirs_in))
        for method, with_ids, htmx in OWNER_ASKS:
            data = ids_in_forms(walk.victim_ids) if with_ids else {}
            response = walk.ask(walk.client, method, url, data, htmx=htmx)
            if response.status_code not in (404, 405) and not _to_sign_in(response):
                walk.note(f"{method}{' (htmx)' if htmx else ''} {url} as another account", response)
            walk.shows_the_victim(f"{method} {url}", response)


def walk_member_pattern(walk: Walk, route: Route) -> None:
    """The attacker's own page, asked with the victim's ids in its query and form: nothing of theirs."""
    url = reverse(route.name, kwargs=_kwargs(route, walk.attacker_ids, walk.victim_ids, set()))
    for method, with_ids, htmx in MEMBER_ASKS:
        data = ids_in_forms(walk.victim_ids) if with_ids else {}
        response = walk.ask(walk.client, method, url, data, htmx=htmx)
        walk.shows_the_victim(f"{method}{' (htmx)' if htmx else ''} {url}?{urlencode(data)}", response)
        if "_auth_user_id" not in walk.client.session:  # logging out is what `logout` is for
            assert User.objects.filter(pk=walk.attacker.pk).exists(), f"{method} {url} deleted the account"
            walk.client = walk.signed_in()


def walk_without_signing_in(walk: Walk, route: Route) -> None:
    """Nobody signed in: a token pattern with a wrong token is not found, the rest send to sign-in."""
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.get(resolve_url(settings.LOGIN_URL))
    if route.reach is Reach.TOKEN:
        url = reverse(
            route.name, kwargs={name: "not-the-right-token-x7" for name in route.pattern.pattern.converters}
        )
        for method in ("GET", "POST"):
            response = walk.ask(anonymous, method, url, {})
            if response.status_code not in (404, 410):
                walk.note(f"{method} {url} with a wrong token", response)
            walk.shows_the_victim(f"{method} {url}", response)
        return
    url = reverse(route.name, kwargs=_kwargs(route, walk.victim_ids, walk.victim_ids, set()))
    response = walk.ask(anonymous, "GET", url, {})
    if route.reach is Reach.PUBLIC:
        walk.shows_the_victim(f"GET {url} signed out", response)
    elif not _to_sign_in(response):
        walk.note(f"GET {url} signed out", response)


@pytest.mark.django_db
def test_another_account_reaches_nothing_of_the_victim_through_any_pattern() -> None:
    attacker_ids = filled_account("sam", marked=False)
    victim_ids = filled_account("alex", marked=True)
    victim, attacker = User.objects.get(username="alex"), User.objects.get(username="sam")
    assert not empty_kinds(victim), f"teach tests/core/two_accounts.py to make these: {empty_kinds(victim)}"
    own = Client()
    own.force_login(victim)
    assert MARK in own.get("/people/").content.decode()  # what the walk looks for is on the victim's pages
    assert not rows_pointing_into_another_account()
    before = owned_by(victim)
    all_routes = list(routes())
    unfillable = {
        r.name: _unfillable(r, victim_ids)
        for r in all_routes
        if r.reach is not Reach.TOKEN and _unfillable(r, victim_ids)
    }
    assert not unfillable, f"teach tests/browser/filling.py these parameters: {unfillable}"
    walk = Walk(victim_ids, attacker, attacker_ids)
    for route in all_routes:
        if route.reach is Reach.OWNER:
            walk_owner_pattern(walk, route)
        elif route.reach is Reach.MEMBER:
            walk_member_pattern(walk, route)
        walk_without_signing_in(walk, route)

    assert not walk.problems, "\n".join(walk.problems)
    changed = before.differences(owned_by(victim))
    assert not changed, "the other account's requests changed the victim's records: " + "\n".join(changed)
    assert not rows_pointing_into_another_account(), rows_pointing_into_another_account()
    counts = Counter(route.reach.value for route in all_routes if route.reach)
    print(f"isolation: {dict(counts)} patterns, {walk.requests} requests")
