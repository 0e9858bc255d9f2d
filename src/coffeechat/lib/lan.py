"""The address other devices on the local network (a phone on the same Wi-Fi) reach this machine at."""

from __future__ import annotations

import ipaddress
import socket

# Addresses in the three private ranges. Connecting a UDP socket towards one sends no packet: it
# only asks the operating system which of this machine's addresses it would send from, which is
# the address of the interface facing the local network (or the default route).
PROBE_TARGETS = ("10.255.255.255", "172.31.255.255", "192.168.255.255")
DISCARD_PORT = 9


def route_source(target: str) -> str | None:
    """This machine's address on the route towards target, or None when there is no route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect((target, DISCARD_PORT))
            return str(probe.getsockname()[0])
        except OSError:
            return None


def hostname_addresses() -> list[str]:
    """The IPv4 addresses this machine's own name resolves to (often only 127.0.1.1)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def reachable_from_lan(address: str) -> bool:
    """Whether another device could reach this address: not loopback, link-local or 0.0.0.0."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def find_lan_address() -> str | None:
    """The address the operating system would use on the local network; None without one."""
    candidates = [route_source(target) for target in PROBE_TARGETS]
    for address in [*candidates, *hostname_addresses()]:
        if address is not None and reachable_from_lan(address):
            return address
    return None


def lan_host_problem(host: str) -> str | None:
    """Why a --host given with --lan cannot be reached from another device, or None."""
    if host.lower() == "localhost":
        return f"{host} is this machine only"
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None  # a name: waitress resolves it, and says so when it is not this machine's
    if ip.is_loopback:
        return f"{host} is this machine only"
    if ip.is_link_local or ip.is_multicast:
        return f"{host} is not an address another device can open"
    return None


def is_public_address(address: str) -> bool:
    """True for an address on the internet rather than a private network."""
    try:
        return ipaddress.ip_address(address.strip("[]")).is_global
    except ValueError:
        return False
