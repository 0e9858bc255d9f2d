"""The client's address and scheme behind reverse proxies we trust, and no one else's word for them.

A TLS proxy in front of coffeechat connects from its own address and says who the client is in
`X-Forwarded-For` and how they came in `X-Forwarded-Proto`. Those headers are believed only
when the connection comes from a trusted proxy; from anyone else they are removed, so nothing
further in (Django's https check, the sign-in throttle reading REMOTE_ADDR) can be fooled.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

LOOPBACK = ("127.0.0.1", "::1")
# Every header a proxy could use to speak for the client, as WSGI names them.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_BY",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def parse_address(text: str) -> Address | None:
    """An address from a forwarding header: '203.0.113.7', '[2001:db8::1]:443', '203.0.113.7:5000'."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client reaching an IPv6 socket shows as ::ffff:a.b.c.d; compare it as IPv4.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address | None, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(remote: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The nearest address in the chain that is not one of our proxies (the rightmost untrusted hop).

    Each proxy appends the address it was reached from, so the entries right of the first
    untrusted one were written by proxies we trust and those left of it by whoever we cannot
    check. An entry that is not an address ends the walk at the last hop that was.
    """
    client = remote
    for hop in reversed(forwarded_for.split(",")):
        address = parse_address(hop)
        if address is None:
            break
        client = str(address)
        if not is_trusted(address, networks):
            break
    return client


def forwarded_scheme(forwarded_proto: str) -> str | None:
    """'https' or 'http' as the proxy nearest us said it (the last value when several appended)."""
    value = forwarded_proto.split(",")[-1].strip().lower()
    return value if value in ("http", "https") else None


def apply_forwarding(environ: dict[str, Any], networks: tuple[Network, ...]) -> None:
    """Set REMOTE_ADDR and wsgi.url_scheme from a trusted proxy's headers; drop everyone else's."""
    if not is_trusted(parse_address(environ.get("REMOTE_ADDR", "")), networks):
        for header in FORWARDING_HEADERS:
            environ.pop(header, None)
        return
    forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded_for:
        environ["REMOTE_ADDR"] = client_address(environ["REMOTE_ADDR"], forwarded_for, networks)
    scheme = forwarded_scheme(environ.get("HTTP_X_FORWARDED_PROTO", ""))
    if scheme is not None:
        environ["wsgi.url_scheme"] = scheme


class TrustedProxies:
    """WSGI middleware: the application sees the client's address and scheme as apply_forwarding sets them."""

    def __init__(self, app: WsgiApp, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        apply_forwarding(environ, self.networks)
        return self.app(environ, start_response)
