"""Strict readers for settings that come from the environment.

A value that cannot be understood is an error naming the variable, never a silent default:
`COFFEECHAT_DEBUG=ture` must not quietly mean "off".
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
from collections.abc import Mapping, Sequence
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import SplitResult, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
HOST_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")


class EnvError(ValueError):
    """A setting in the environment has a value coffeechat cannot use."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(name, f"expected one of true/false, yes/no, on/off, 1/0, got {value!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(name, f"expected a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise EnvError(name, f"must be at least {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise EnvError(name, f"must be at most {maximum}, got {number}")
    return number


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path, environ: Mapping[str, str] | None = None) -> Path:
    value = _raw(name, environ)
    if value is None:
        return default
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    return path


def env_time_zone(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise EnvError(name, f"unknown time zone {value!r}; use a name like Europe/Berlin") from None
    return value


def env_choice(
    name: str, default: str, choices: frozenset[str], example: str, environ: Mapping[str, str] | None = None
) -> str:
    """One of a fixed set of codes, compared without case (a phone region: US, DE, GB …)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.upper() not in choices:
        raise EnvError(name, f"unknown value {value!r}; expected one like {example}")
    return value.upper()


def is_host(text: str) -> bool:
    """A host name (labels of letters, digits and dashes) or an IP address, IPv6 with or without []."""
    try:
        ipaddress.ip_address(text[1:-1] if text.startswith("[") and text.endswith("]") else text)
    except ValueError:
        return all(HOST_LABEL.fullmatch(label) for label in text.removesuffix(".").split("."))
    return True


def env_host(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """A server's host name or address, without scheme, port or path (smtp.example.org)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if not is_host(value):
        raise EnvError(
            name, f"expected a host name like smtp.example.org (no scheme, port or path), got {value!r}"
        )
    return value


def env_hosts(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """Host names as Django's ALLOWED_HOSTS takes them: a name, .a-domain-and-its-subdomains, or *."""
    hosts = env_list(name, default, environ)
    for host in hosts:
        if host != "*" and not is_host(host.removeprefix(".")):
            raise EnvError(
                name, f"{host!r} is not a host name (write coffee.example.org, without http:// or a path)"
            )
    return hosts


def env_email(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """An email address, optionally with a name: 'coffee@example.org' or 'Coffee <coffee@example.org>'."""
    value = _raw(name, environ)
    if value is None:
        return default
    _, address = parseaddr(value)
    local, _, domain = address.rpartition("@")
    if not local or not domain or any(c.isspace() for c in address):
        raise EnvError(name, f"expected an email address like coffee@example.org, got {value!r}")
    return value


def env_fernet_key(name: str, environ: Mapping[str, str] | None = None) -> bytes | None:
    """A key for Fernet encryption: 32 random bytes in URL-safe base64, 44 characters, as
    `python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"` prints."""
    value = _raw(name, environ)
    if value is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != 32 or len(value) != 44:
        raise EnvError(
            name,
            "expected 32 random bytes in URL-safe base64 (44 characters, as Fernet.generate_key() makes), "
            f"got {len(value)} characters",
        )
    return value.encode("ascii")


def env_networks(
    name: str, default: Sequence[str], environ: Mapping[str, str] | None = None
) -> tuple[Network, ...]:
    """Addresses and networks ('127.0.0.1, 10.0.0.0/8, ::1'); 'none' for an empty list."""
    value = _raw(name, environ)
    if value is not None and value.lower() == "none":
        return ()
    items = list(default) if value is None else [item.strip() for item in value.split(",") if item.strip()]
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
        except ValueError:
            raise EnvError(
                name, f"{item!r} is not an address or network (like 127.0.0.1, 10.0.0.0/8 or ::1)"
            ) from None
    return tuple(networks)


def env_site_url(name: str, environ: Mapping[str, str] | None = None) -> SplitResult | None:
    """A site's address, http(s)://host[:port] and nothing more (coffeechat is served at the root)."""
    value = _raw(name, environ)
    if value is None:
        return None
    example = f"expected an address like https://coffee.example.org, got {value!r}"
    try:
        url = urlsplit(value)
        url.port  # noqa: B018 - raises on a port that is not a number from 0 to 65535
    except ValueError:
        raise EnvError(name, example) from None
    if url.scheme not in ("http", "https") or not url.hostname or not is_host(url.hostname):
        raise EnvError(name, example)
    if url.username is not None or url.query or url.fragment or url.path not in ("", "/"):
        raise EnvError(name, f"{example}: coffeechat is served at the root, without a path, query or user")
    return url
