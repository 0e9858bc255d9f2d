"""The `coffeechat` script as a user meets it: settings errors, deployment checks, a taken port."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from coffeechat.core.server import base_url, create_server


def coffeechat(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    environ |= {"COFFEECHAT_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("COFFEECHAT_DEBUG", "sometimes", "COFFEECHAT_DEBUG: expected one of true/false"),
        (
            "COFFEECHAT_DATABASE_URL",
            "postgresql://cc@db:port/x",
            "COFFEECHAT_DATABASE_URL: the port",
        ),
        (
            "COFFEECHAT_DATABASE_URL",
            "mysql://cc@db/x",
            "COFFEECHAT_DATABASE_URL: unsupported scheme",
        ),
        ("COFFEECHAT_SESSION_DAYS", "forever", "COFFEECHAT_SESSION_DAYS: expected a whole number"),
        (
            "COFFEECHAT_PUBLIC_URL",
            "coffee.example.org",
            "COFFEECHAT_PUBLIC_URL: expected an address",
        ),
        ("COFFEECHAT_SECRET_KEY", "short", "COFFEECHAT_SECRET_KEY: must be at least 50"),
    ],
)
def test_a_bad_setting_stops_coffeechat_with_its_name(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = coffeechat("check", tmp_path=tmp_path, **{variable: value})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_directory_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = coffeechat("check", tmp_path=tmp_path, COFFEECHAT_DATA_DIR=str(blocker / "data"))
    assert result.returncode == 2
    assert f"cannot write to the data directory {blocker / 'data'}" in result.stderr


def test_the_data_directory_gets_a_private_secret_key(tmp_path: Path) -> None:
    assert coffeechat("check", tmp_path=tmp_path).returncode == 0
    key_file = tmp_path / "data" / "secret_key"
    assert len(key_file.read_text()) >= 50 and key_file.stat().st_mode & 0o077 == 0


def test_the_production_configuration_passes_the_deployment_checks(tmp_path: Path) -> None:
    result = coffeechat(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        COFFEECHAT_PUBLIC_URL="https://coffee.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_mode_fails_the_deployment_checks(tmp_path: Path) -> None:
    result = coffeechat(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        COFFEECHAT_PUBLIC_URL="https://coffee.example.org",
        COFFEECHAT_DEBUG="true",
    )
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_a_port_in_use_is_reported_before_anything_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"port {port} on 127.0.0.1 is already in use"):
            create_server("127.0.0.1", port)


def test_the_printed_address_is_one_a_browser_can_open() -> None:
    assert base_url("0.0.0.0", 8000, None) == "http://127.0.0.1:8000"
    assert base_url("::1", 8000, None) == "http://[::1]:8000"
    assert base_url("127.0.0.1", 8000, "https://coffee.example.org/") == "https://coffee.example.org"


def test_an_unreachable_database_is_reported_with_its_address(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"postgresql://cc:cc@127.0.0.1:{closed_port}/coffeechat"
    result = coffeechat("people", "list", tmp_path=tmp_path, COFFEECHAT_DATABASE_URL=url)
    assert result.returncode == 1
    expected = f"cannot use the database (PostgreSQL coffeechat on 127.0.0.1:{closed_port})"
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
