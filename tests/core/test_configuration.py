"""The `coffeechat` script as a user meets it: settings errors, deployment checks, a taken port."""

import os
import re
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from coffeechat import settings as coffeechat_settings
from coffeechat.core.server import base_url, create_server
from coffeechat.lib.env import EnvError


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
        ("COFFEECHAT_PHONE_REGION", "ZZZ", "COFFEECHAT_PHONE_REGION: unknown value 'ZZZ'"),
    ],
)
def test_a_bad_setting_stops_coffeechat_with_its_name(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = coffeechat("check", tmp_path=tmp_path, **{variable: value})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# A value coffeechat cannot use, and what it says, for every variable settings.py reads.
BAD_VALUES = {
    "COFFEECHAT_DEBUG": ("sometimes", "expected one of true/false"),
    "COFFEECHAT_DATA_DIR": ("{file}/data", "cannot write to the data directory"),
    "COFFEECHAT_DATABASE_URL": ("mysql://cc@db/x", "unsupported scheme"),
    "COFFEECHAT_SECRET_KEY": ("short", "must be at least 50"),
    "COFFEECHAT_PUBLIC_URL": ("https://coffee.example.org/coffee", "served at the root"),
    "COFFEECHAT_ALLOWED_HOSTS": ("https://coffee.example.org", "is not a host name"),
    "COFFEECHAT_TRUSTED_PROXIES": ("proxy.lan", "is not an address or network"),
    "COFFEECHAT_TIME_ZONE": ("Mars/Olympus", "unknown time zone"),
    "COFFEECHAT_PHONE_REGION": ("ZZZ", "unknown value 'ZZZ'"),
    "COFFEECHAT_IMPORT_MAX_MB": ("0", "must be at least 1"),
    "COFFEECHAT_SMTP_HOST": ("smtp://mail.example.org", "expected a host name"),
    "COFFEECHAT_SMTP_PORT": ("70000", "must be at most 65535"),
    "COFFEECHAT_SMTP_STARTTLS": ("maybe", "expected one of true/false"),
    "COFFEECHAT_SMTP_SSL": ("maybe", "expected one of true/false"),
    "COFFEECHAT_MAIL_FROM": ("coffeechat", "expected an email address"),
    "COFFEECHAT_MAIL_KEY": ("not-a-key", "expected 32 random bytes in URL-safe base64"),
    "COFFEECHAT_SIGNIN_LINK_HOURS": ("0", "must be at least 1"),
    "COFFEECHAT_SESSION_DAYS": ("forever", "expected a whole number"),
    "COFFEECHAT_SECURE_COOKIES": ("sure", "expected one of true/false"),
    "COFFEECHAT_HSTS_SECONDS": ("-1", "must be at least 0"),
    "COFFEECHAT_HSTS_INCLUDE_SUBDOMAINS": ("perhaps", "expected one of true/false"),
    "COFFEECHAT_HSTS_PRELOAD": ("perhaps", "expected one of true/false"),
    "COFFEECHAT_LOGIN_ATTEMPTS": ("0", "must be at least 1"),
    "COFFEECHAT_LOGIN_LOCKOUT_MINUTES": ("0", "must be at least 1"),
    "COFFEECHAT_WORKERS": ("two", "expected a whole number"),
    "COFFEECHAT_PERIODIC": ("hourly", "expected one of true/false"),
    "COFFEECHAT_COMMUNITY": ("sometimes", "expected one of true/false"),
    "COFFEECHAT_COMMUNITY_SMTP_HOST": ("smtp://mail.example.org", "expected a host name"),
    "COFFEECHAT_COMMUNITY_SMTP_PORT": ("70000", "must be at most 65535"),
    "COFFEECHAT_COMMUNITY_SMTP_STARTTLS": ("maybe", "expected one of true/false"),
    "COFFEECHAT_COMMUNITY_MAIL_FROM": ("community", "expected an email address"),
}
# Any text is a value: a user name, a password; the clock file is for the test suite.
FREE_TEXT = {
    "COFFEECHAT_SMTP_USER",
    "COFFEECHAT_SMTP_PASSWORD",
    "COFFEECHAT_COMMUNITY_SMTP_USER",
    "COFFEECHAT_COMMUNITY_SMTP_PASSWORD",
    "COFFEECHAT_CLOCK_FILE",
}


def load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, object]:
    """settings.py run afresh in this process with only `env` (and a data directory) set."""
    for name in [name for name in os.environ if name.startswith("COFFEECHAT_")]:
        monkeypatch.delenv(name)
    for name, value in {"COFFEECHAT_DATA_DIR": str(tmp_path / "data"), **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(coffeechat_settings.__file__)


# Every variable settings.py reads, found in its source, so a new one is tried without anyone
# remembering to add it here.
READ = sorted(set(re.findall(r'"(COFFEECHAT_[A-Z_]+)"', Path(coffeechat_settings.__file__).read_text())))


@pytest.mark.parametrize("variable", sorted(set(READ) - FREE_TEXT))
def test_a_bad_value_of_any_setting_is_refused_with_its_name(
    variable: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert variable in BAD_VALUES, f"add a value {variable} must refuse to BAD_VALUES"
    (tmp_path / "a-file").write_text("not a directory")
    value, message = BAD_VALUES[variable]
    with pytest.raises(EnvError) as refused:
        load_settings(monkeypatch, tmp_path, **{variable: value.format(file=tmp_path / "a-file")})
    assert str(refused.value).startswith(f"{variable}: ") and message in str(refused.value)


def test_good_values_are_taken_as_meant(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    loaded = load_settings(
        monkeypatch,
        tmp_path,
        COFFEECHAT_PHONE_REGION="de",
        COFFEECHAT_SMTP_HOST="mail.example.org",
        COFFEECHAT_MAIL_FROM="Coffee <coffee@example.org>",
        COFFEECHAT_TRUSTED_PROXIES="10.0.0.0/8, fd00::1",
        COFFEECHAT_PUBLIC_URL="https://coffee.example.org/",
    )
    assert loaded["PHONE_REGION"] == "DE" and loaded["EMAIL_HOST"] == "mail.example.org"
    assert [str(n) for n in loaded["TRUSTED_PROXIES"]] == ["10.0.0.0/8", "fd00::1/128"]  # type: ignore[attr-defined]
    assert loaded["ALLOWED_HOSTS"] == ["coffee.example.org"] and loaded["SECURE_SSL_REDIRECT"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in loaded


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


@pytest.mark.parametrize("workers", [1, 2], ids=["waitress", "worker processes"])
def test_a_port_in_use_is_reported_before_anything_starts(workers: int) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=f"port {port} on 127.0.0.1 is already in use"):
            create_server("127.0.0.1", port, workers)


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
