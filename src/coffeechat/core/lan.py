"""Serving on the local network, so a phone on the same Wi-Fi can open coffeechat (`serve --lan`)."""

from __future__ import annotations

import io
import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import segno
from django.conf import settings
from django.core.management.base import CommandError

from coffeechat.core.server import base_url
from coffeechat.lib.lan import find_lan_address, is_public_address, lan_host_problem

WARNING = (
    "Warning: traffic on the local network is not encrypted. Anyone on this network can read\n"
    "what you send, the sign-in link included. Use --lan only on a network you trust (your home\n"
    "Wi-Fi, not a café's), and stop the server with Ctrl+C when you are done."
)


@dataclass(frozen=True)
class LanServing:
    listen: str  # the address waitress binds
    url: str  # what the phone opens
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def plan_lan_serving(
    host: str | None,
    port: int,
    *,
    public_url: str | None,
    allowed_hosts: Sequence[str],
    trusted_origins: Sequence[str],
    find_address: Callable[[], str | None] | None = None,
) -> LanServing:
    """Where to listen, the address to print, and the settings that let a phone sign in there.

    Without --host it listens on the LAN address only, not on every interface: the one address it
    answers on is the one it prints and allows, and nothing is opened on a VPN or another network.
    """
    if public_url:
        raise CommandError(
            "--lan serves plain http on the local network, but COFFEECHAT_PUBLIC_URL says coffeechat "
            f"is reached at {public_url}; use one or the other"
        )
    if host is not None and (problem := lan_host_problem(host)):
        raise CommandError(
            f"--host: {problem}; with --lan leave --host out, or give this machine's LAN address"
        )
    if host is None or _listens_everywhere(host):
        found = (find_address or find_lan_address)()
        if found is None:
            raise CommandError(
                "--lan: this machine has no address on a local network (is it connected to Wi-Fi or "
                "a cable?); give one with --host"
            )
        # With --host 0.0.0.0 it listens everywhere, as asked, and prints the LAN address.
        listen, advertised = _bare(host or found), found
    else:
        listen, advertised = _bare(host), host
    url = base_url(advertised, port, None)
    shown_host = url.removeprefix("http://").rsplit(":", 1)[0]
    warnings = [WARNING]
    if is_public_address(advertised):
        warnings.append(
            f"{advertised} is a public internet address, not a private one: coffeechat can be "
            "reached from the internet, not only from your local network."
        )
    return LanServing(
        listen=listen,
        url=url,
        settings={
            "ALLOWED_HOSTS": _with(allowed_hosts, shown_host),
            "CSRF_TRUSTED_ORIGINS": _with(trusted_origins, url),
            # Browsers refuse to store a Secure cookie sent over http from any address but
            # loopback, so on the LAN the session and CSRF cookies must not be Secure.
            "SESSION_COOKIE_SECURE": False,
            "CSRF_COOKIE_SECURE": False,
        },
        warnings=warnings,
    )


def plan_from_settings(host: str | None, port: int) -> LanServing:
    return plan_lan_serving(
        host,
        port,
        public_url=settings.PUBLIC_URL,
        allowed_hosts=settings.ALLOWED_HOSTS,
        trusted_origins=settings.CSRF_TRUSTED_ORIGINS,
    )


def apply_lan_settings(plan: LanServing) -> None:
    """Settings are read per request, so changing them before the server starts is enough."""
    for name, value in plan.settings.items():
        setattr(settings, name, value)


def terminal_qr(text: str) -> str:
    """A QR code of text in Unicode half blocks, two rows of modules per line of the terminal."""
    out = io.StringIO()
    # Always a full QR code: segno.make may choose a Micro QR code, which phone cameras do not read.
    segno.make_qr(text).terminal(out=out, compact=True)
    return out.getvalue().rstrip("\n")


def can_print_qr(encoding: str | None) -> bool:
    try:
        "█▀▄".encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _listens_everywhere(host: str) -> bool:
    try:
        return ipaddress.ip_address(_bare(host)).is_unspecified
    except ValueError:
        return host == ""


def _bare(host: str) -> str:
    return host.strip("[]")


def _with(items: Sequence[str], item: str) -> list[str]:
    return [*items, item] if item not in items else list(items)
