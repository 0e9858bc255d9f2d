"""Addresses of pages that list many records: each pattern reversed once, each id put into it.

`reverse()` costs tens of microseconds (it reads the URL configuration and script prefix from
context-local storage each time); a page with a few hundred links spent a third of its time in it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_SOME_ID = 987_654_321_987  # stands for the varying id while the address is reversed


def addresses(name: str, *fixed: int) -> Callable[[int], str]:
    """The address of pattern `name` for any id as its last argument (after `fixed` ones):
    `addresses("network:person")(42)` is reverse("network:person", args=[42])."""
    head, tail = reverse(name, args=[*fixed, _SOME_ID]).rsplit(str(_SOME_ID), 1)
    return lambda some_id: f"{head}{some_id}{tail}"
