"""Finding the LAN address, with the operating system's routing played by a fake socket."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from coffeechat.lib import lan
from coffeechat.lib.lan import find_lan_address, is_public_address, lan_host_problem, reachable_from_lan


class FakeRoutes:
    """socket.socket for UDP probes: connect() looks the target up in a routing table."""

    def __init__(self, routes: dict[str, str], hostname: list[str] | None = None) -> None:
        self.routes = routes
        self.hostname = hostname or []
        self.sent: list[Any] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        routes = self

        class FakeSocket:
            def __init__(self, family: int, kind: int) -> None:
                assert (family, kind) == (socket.AF_INET, socket.SOCK_DGRAM)
                self.source: str | None = None

            def __enter__(self) -> FakeSocket:
                return self

            def __exit__(self, *exc: object) -> None:
                pass

            def connect(self, address: tuple[str, int]) -> None:
                if address[0] not in routes.routes:
                    raise OSError(101, "Network is unreachable")
                self.source = routes.routes[address[0]]

            def getsockname(self) -> tuple[str, int]:
                assert self.source is not None
                return (self.source, 40000)

            def sendto(self, *args: Any) -> None:
                routes.sent.append(args)

        def getaddrinfo(*args: Any) -> list[Any]:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in routes.hostname]

        monkeypatch.setattr("coffeechat.lib.lan.socket.socket", FakeSocket)
        monkeypatch.setattr("coffeechat.lib.lan.socket.getaddrinfo", getaddrinfo)


def test_it_takes_the_address_the_system_would_send_from(monkeypatch: pytest.MonkeyPatch) -> None:
    routes = FakeRoutes({target: "192.168.1.20" for target in lan.PROBE_TARGETS})
    routes.install(monkeypatch)
    assert find_lan_address() == "192.168.1.20"
    assert routes.sent == []  # connecting a UDP socket sends nothing


def test_it_tries_each_private_range_when_there_is_no_default_route(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeRoutes({"192.168.255.255": "192.168.43.7"}).install(monkeypatch)
    assert find_lan_address() == "192.168.43.7"


def test_it_never_offers_loopback_or_a_self_assigned_address(monkeypatch: pytest.MonkeyPatch) -> None:
    routes = {"10.255.255.255": "127.0.0.1", "172.31.255.255": "169.254.3.4"}
    FakeRoutes(routes, hostname=["127.0.1.1"]).install(monkeypatch)
    assert find_lan_address() is None


def test_it_falls_back_on_the_addresses_of_the_machines_name(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeRoutes({}, hostname=["127.0.1.1", "10.0.0.5"]).install(monkeypatch)
    assert find_lan_address() == "10.0.0.5"


def test_it_finds_nothing_on_a_machine_without_a_network(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeRoutes({}).install(monkeypatch)
    assert find_lan_address() is None


@pytest.mark.parametrize(
    ("address", "reachable"),
    [
        ("192.168.1.20", True),
        ("10.0.0.5", True),
        ("fd00::2", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("169.254.3.4", False),
        ("0.0.0.0", False),
        ("not an address", False),
    ],
)
def test_it_knows_which_addresses_another_device_can_reach(address: str, reachable: bool) -> None:
    assert reachable_from_lan(address) is reachable


def test_it_says_why_a_host_will_not_reach_the_phone() -> None:
    assert lan_host_problem("127.0.0.1") == "127.0.0.1 is this machine only"
    assert lan_host_problem("localhost") == "localhost is this machine only"
    assert lan_host_problem("[::1]") == "[::1] is this machine only"
    assert lan_host_problem("169.254.3.4") == "169.254.3.4 is not an address another device can open"
    assert lan_host_problem("192.168.1.20") is None
    assert lan_host_problem("0.0.0.0") is None
    assert lan_host_problem("laptop.local") is None


def test_it_tells_a_public_address_from_a_private_one() -> None:
    assert is_public_address("8.8.8.8")
    assert not is_public_address("192.168.1.20")
    assert not is_public_address("[fd00::2]")
