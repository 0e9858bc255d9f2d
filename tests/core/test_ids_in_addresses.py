"""Ids in addresses: an absurdly long number or a non-ASCII digit is "no such page", never a 500."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ID = re.compile(r"<id:\w+>")


def _routes(patterns: list, prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


def test_every_id_in_the_urls_is_a_bounded_id() -> None:
    assert not [route for route in _routes(get_resolver().url_patterns) if "<int:" in route]


@pytest.mark.django_db
def test_every_page_with_an_id_answers_404_for_a_huge_or_odd_id(alex: Client) -> None:
    routes = [route for route in _routes(get_resolver().url_patterns) if ID.search(route)]
    assert len(routes) > 40
    for odd in ("9" * 30, "²"):
        for route in routes:
            path = "/" + re.sub(r"<str:\w+>", "x", ID.sub(odd, route))
            assert alex.get(path).status_code == 404, path
            assert alex.post(path).status_code == 404, path
