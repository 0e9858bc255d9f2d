"""Who may reach each URL pattern, declared where the pattern is defined.

    owner(path("people/<id:person_id>/", views.person, name="person"))

OWNER   the address names records of the signed-in user (an id); another account's ids answer 404.
MEMBER  any signed-in user, acting on their own data only; the address names no record.
TOKEN   anyone holding the secret in the address (the calendar feed, a one-time sign-in link);
        the view is exempt from login (`login_not_required`) and checks the secret itself.
PUBLIC  anyone, signed in or not (the sign-in page).

`tests/core/test_isolation.py` fails on a pattern without a declaration, checks that exactly the
TOKEN and PUBLIC views are exempt from login, and requests every OWNER and MEMBER pattern as a
second account filled in with the first account's ids, so a new view is checked without anyone
writing a test for it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


class Reach(enum.Enum):
    OWNER = "owner"
    MEMBER = "member"
    TOKEN = "token"
    PUBLIC = "public"

    @property
    def needs_login(self) -> bool:
        return self in (Reach.OWNER, Reach.MEMBER)


def _declaring(reach: Reach) -> Callable[[URLPattern], URLPattern]:
    def declare(pattern: URLPattern) -> URLPattern:
        if not isinstance(pattern, URLPattern):
            raise TypeError(f"declare who may reach each path(), not an include(): {pattern!r}")
        pattern.reach = reach  # type: ignore[attr-defined]
        return pattern

    declare.__name__ = reach.value
    return declare


owner = _declaring(Reach.OWNER)
member = _declaring(Reach.MEMBER)
token = _declaring(Reach.TOKEN)
public = _declaring(Reach.PUBLIC)


@dataclass(frozen=True)
class Route:
    name: str  # "network:person"
    route: str  # "people/<id:person_id>/"
    pattern: URLPattern

    @property
    def reach(self) -> Reach | None:
        return getattr(self.pattern, "reach", None)

    @property
    def login_exempt(self) -> bool:
        """What LoginRequiredMiddleware reads: `login_not_required` sets this on the view."""
        return getattr(self.pattern.callback, "login_required", True) is False


def routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every URL pattern of the site, include()d ones too, with its full route and name."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(f"{namespace}{entry.name}", prefix + str(entry.pattern), entry)
