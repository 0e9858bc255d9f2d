"""Every URL pattern says who may reach it (core/reach.py), and the site keeps to it.

The patterns are read from the resolver, so a new view is covered without anyone adding it here:
it fails until its urls.py declares it.
"""

from __future__ import annotations

from coffeechat.core.converters import IdConverter
from coffeechat.core.reach import Reach, Route, routes


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
