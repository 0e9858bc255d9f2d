from pathlib import Path

import pytest

from coffeechat.lib.env import (
    EnvError,
    env_bool,
    env_int,
    env_list,
    env_path,
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
