from pathlib import Path

import pytest

from coffeechat.lib.env import (
    EnvError,
    env_bool,
    env_choice,
    env_email,
    env_host,
    env_hosts,
    env_int,
    env_list,
    env_networks,
    env_path,
    env_site_url,
    env_str,
    env_time_zone,
)


def test_it_reads_booleans_in_the_usual_spellings() -> None:
    assert env_bool("X", False, {"X": "yes"}) is True
    assert env_bool("X", True, {"X": "Off"}) is False
    assert env_bool("X", True, {"X": " "}) is True


def test_it_rejects_a_boolean_it_cannot_read_and_names_the_variable() -> None:
    with pytest.raises(EnvError, match=r"COFFEECHAT_DEBUG: .*'ture'"):
        env_bool("COFFEECHAT_DEBUG", False, {"COFFEECHAT_DEBUG": "ture"})


def test_it_checks_whole_numbers_and_their_range() -> None:
    assert env_int("N", 3, environ={"N": "12"}) == 12
    with pytest.raises(EnvError, match="N: expected a whole number"):
        env_int("N", 3, environ={"N": "12h"})
    with pytest.raises(EnvError, match="N: must be at least 1"):
        env_int("N", 3, minimum=1, environ={"N": "0"})


def test_it_splits_lists_and_resolves_paths() -> None:
    assert env_list("H", ["a"], {"H": "x.org, y.org,"}) == ["x.org", "y.org"]
    assert env_list("H", ["a"], {}) == ["a"]
    assert env_path("P", Path("/d"), {"P": "rel"}) == Path.cwd() / "rel"
    assert env_str("S", "dflt", {}) == "dflt"


def test_it_accepts_known_time_zones_only() -> None:
    assert env_time_zone("TZ", "UTC", {"TZ": "Europe/Berlin"}) == "Europe/Berlin"
    with pytest.raises(EnvError, match="TZ: unknown time zone 'Mars/Olympus'"):
        env_time_zone("TZ", "UTC", {"TZ": "Mars/Olympus"})


def test_it_reads_addresses_and_networks_or_none() -> None:
    assert [str(n) for n in env_networks("P", ["127.0.0.1"], {})] == ["127.0.0.1/32"]
    networks = env_networks("P", [], {"P": "10.0.0.0/8, [fd00::1], 192.168.1.5/24"})
    assert [str(n) for n in networks] == ["10.0.0.0/8", "fd00::1/128", "192.168.1.0/24"]
    assert env_networks("P", ["127.0.0.1"], {"P": "None"}) == ()
    with pytest.raises(EnvError, match=r"P: 'proxy\.lan' is not an address or network"):
        env_networks("P", [], {"P": "10.0.0.1, proxy.lan"})


def test_it_reads_host_names_without_scheme_port_or_path() -> None:
    assert env_host("H", "", {"H": "smtp.example.org"}) == "smtp.example.org"
    assert env_hosts("A", [], {"A": ".example.org, *, [::1], 10.0.0.2"}) == [
        ".example.org",
        "*",
        "[::1]",
        "10.0.0.2",
    ]
    for bad in ("smtp://mail.example.org", "mail.example.org:25", "ab.cd:25", "mail/x", "a b"):
        with pytest.raises(EnvError, match="H: expected a host name"):
            env_host("H", "", {"H": bad})
    with pytest.raises(EnvError, match=r"A: 'https://coffee\.example\.org' is not a host name"):
        env_hosts("A", [], {"A": "https://coffee.example.org"})


def test_it_reads_email_addresses_with_or_without_a_name() -> None:
    assert env_email("M", "x@y", {"M": "Coffee <coffee@example.org>"}) == "Coffee <coffee@example.org>"
    assert env_email("M", "x@y", {"M": "me@localhost"}) == "me@localhost"
    for bad in ("coffee", "@example.org", "coffee@", "a b@example.org"):
        with pytest.raises(EnvError, match="M: expected an email address"):
            env_email("M", "x@y", {"M": bad})


def test_it_reads_a_code_from_its_list_in_any_case() -> None:
    assert env_choice("R", "US", frozenset({"US", "DE"}), "US", {"R": "de"}) == "DE"
    with pytest.raises(EnvError, match="R: unknown value 'ZZZ'"):
        env_choice("R", "US", frozenset({"US", "DE"}), "US", {"R": "ZZZ"})


def test_a_site_address_is_a_scheme_and_a_host_and_nothing_more() -> None:
    assert env_site_url("U", {}) is None
    url = env_site_url("U", {"U": "https://coffee.example.org/"})
    assert url is not None and (url.scheme, url.hostname) == ("https", "coffee.example.org")
    assert env_site_url("U", {"U": "http://[::1]:8080"}) is not None
    for bad in ("coffee.example.org", "ftp://coffee.example.org", "https://x.org:port", "https://x y.org"):
        with pytest.raises(EnvError, match="U: expected an address like https://"):
            env_site_url("U", {"U": bad})
    for bad in ("https://x.org/coffee", "https://x.org/?a=1", "https://me:pw@x.org"):
        with pytest.raises(EnvError, match="served at the root"):
            env_site_url("U", {"U": bad})
