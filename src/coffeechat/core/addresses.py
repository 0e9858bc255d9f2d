"""Addresses of pages that list many records: each pattern reversed once, each id put into it.

`reverse()` costs tens of microseconds (it reads the URL configuration and script prefix from
context-local storage each time); a page with a few hundred links spent a third of its time in it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_SOME_ID = 987_654_321_987  # stands for the varying id while the address is reversed


def addresses(name: str, *fixed: int) -> Callable[[int], str]:
    """The address of pattern `name` for any id as its last argument (after `fixed` ones):
    `addresses("network:person")(42)` is reverse("network:person", args=[42])."""
    head, tail = reverse(name, args=[*fixed, _SOME_ID]).rsplit(str(_SOME_ID), 1)
    return lambda some_id: f"{head}{some_id}{tail}"


@functools.lru_cache(maxsize=256)
def _addresses_under(name: str, prefix: str, urlconf: str) -> Callable[[int], str]:
    # The key holds what reverse() reads besides the name: a reverse proxy's script prefix, and
    # the URL configuration (tests may swap it).
    return addresses(name)


def address_of(name: str, some_id: int) -> str:
    """reverse(name, args=[some_id]) for a pattern with one id, each pattern reversed once per
    process and prefix: a model's get_absolute_url, called for every row of a list."""
    return _addresses_under(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)(some_id)
