"""The limit on password sign-in attempts: coffeechat's hooks into django-axes (see settings.py)."""

from __future__ import annotations

from ipaddress import ip_address

from axes.utils import reset
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted against: the connection's, never a header the client sent.

    Behind a trusted reverse proxy the server has already put the real client's address in
    REMOTE_ADDR; reading X-Forwarded-For here would let anyone pick a fresh address per try.
    """
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ip_address(address))
    except ValueError:
        # A Unix socket has no address; the database column takes only real ones.
        return None


def clear_failures(username: str) -> None:
    """Forget an account's failed password sign-ins from every address (after a one-time link)."""
    reset(username=username)
