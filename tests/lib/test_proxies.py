"""Believing X-Forwarded-For and X-Forwarded-Proto from trusted proxies only."""

from __future__ import annotations

from typing import Any

import pytest

from coffeechat.lib.env import env_networks
from coffeechat.lib.proxies import TrustedProxies, apply_forwarding, client_address

LOOPBACK = env_networks("T", ["127.0.0.1", "::1"], {})
LAN_PROXIES = env_networks("T", [], {"T": "10.0.0.0/8, fd00::/8"})


def seen(remote: str, networks: Any = LOOPBACK, **headers: str) -> tuple[str, str, dict[str, Any]]:
    """(REMOTE_ADDR, scheme, environ) as the application sees a request from `remote` with `headers`."""
    environ: dict[str, Any] = {"REMOTE_ADDR": remote, "wsgi.url_scheme": "http"}
    environ |= {"HTTP_" + name.upper(): value for name, value in headers.items()}
    apply_forwarding(environ, networks)
    return environ["REMOTE_ADDR"], environ["wsgi.url_scheme"], environ


def test_a_proxy_on_loopback_gives_the_client_address_and_https() -> None:
    address, scheme, _ = seen("127.0.0.1", x_forwarded_for="203.0.113.7", x_forwarded_proto="https")
    assert (address, scheme) == ("203.0.113.7", "https")
    assert seen("::1", x_forwarded_for="2001:db8::7")[0] == "2001:db8::7"
    assert seen("::ffff:127.0.0.1", x_forwarded_proto="https")[1] == "https"


def test_anyone_else_cannot_claim_https_or_another_address() -> None:
    address, scheme, environ = seen(
        "198.51.100.9", x_forwarded_for="127.0.0.1", x_forwarded_proto="https", forwarded="proto=https"
    )
    assert (address, scheme) == ("198.51.100.9", "http")
    # Gone, so nothing further in can read them either.
    assert not {"HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED"} & environ.keys()


def test_the_client_is_the_rightmost_hop_that_is_not_a_trusted_proxy() -> None:
    # The client wrote "1.2.3.4" itself; the outer proxy (10.0.0.2) appended the real address.
    chain = "1.2.3.4, 203.0.113.7, 10.0.0.2"
    assert client_address("10.0.0.3", chain, LAN_PROXIES) == "203.0.113.7"
    assert seen("10.0.0.3", LAN_PROXIES, x_forwarded_for=chain)[0] == "203.0.113.7"
    # Only proxies in the chain: the farthest one is the best we know.
    assert client_address("10.0.0.3", "10.0.0.1, 10.0.0.2", LAN_PROXIES) == "10.0.0.1"


def test_garbage_in_the_chain_stops_at_the_last_real_hop() -> None:
    assert client_address("10.0.0.3", "203.0.113.7, unknown, 10.0.0.2", LAN_PROXIES) == "10.0.0.2"
    assert client_address("127.0.0.1", "not an address", LOOPBACK) == "127.0.0.1"
    assert client_address("127.0.0.1", "[2001:db8::5]:443", LOOPBACK) == "2001:db8::5"
    assert client_address("127.0.0.1", "203.0.113.7:5100", LOOPBACK) == "203.0.113.7"


@pytest.mark.parametrize(("proto", "scheme"), [("HTTPS", "https"), ("http", "http"), ("https, http", "http")])
def test_the_scheme_is_what_the_nearest_proxy_said(proto: str, scheme: str) -> None:
    assert seen("127.0.0.1", x_forwarded_proto=proto)[1] == scheme


def test_a_scheme_it_does_not_know_changes_nothing() -> None:
    assert seen("127.0.0.1", x_forwarded_proto="gopher")[1] == "http"


def test_no_proxy_trusted_believes_no_one() -> None:
    address, scheme, _ = seen("127.0.0.1", (), x_forwarded_for="203.0.113.7", x_forwarded_proto="https")
    assert (address, scheme) == ("127.0.0.1", "http")


def test_the_middleware_hands_the_application_the_corrected_request() -> None:
    received: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        received.update(environ)
        return [b"ok"]

    wrapped = TrustedProxies(app, LOOPBACK)
    environ = {"REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "HTTP_X_FORWARDED_PROTO": "https"}
    assert wrapped(environ, lambda *a: None) == [b"ok"]
    assert received["wsgi.url_scheme"] == "https"
