"""`coffeechat serve --lan`: the plan (address, hosts, cookies), the QR code, and a real phone-like visit."""

from __future__ import annotations

import io
import re
import socket
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.core import lan as core_lan
from coffeechat.core.lan import WARNING, LanServing, can_print_qr, plan_lan_serving, terminal_qr
from coffeechat.lib.lan import find_lan_address
from tests.processes import serving

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def plan(host: str | None = None, *, found: str | None = "192.168.1.20", **kwargs: object) -> LanServing:
    options: dict[str, object] = {"public_url": None, "allowed_hosts": LOOPBACK_HOSTS, "trusted_origins": []}
    return plan_lan_serving(host, 8000, **{**options, **kwargs}, find_address=lambda: found)  # type: ignore[arg-type]


def test_it_listens_on_the_lan_address_and_allows_that_host() -> None:
    serving = plan()
    assert serving.listen == "192.168.1.20"
    assert serving.url == "http://192.168.1.20:8000"
    assert serving.settings["ALLOWED_HOSTS"] == [*LOOPBACK_HOSTS, "192.168.1.20"]
    assert serving.settings["CSRF_TRUSTED_ORIGINS"] == ["http://192.168.1.20:8000"]


def test_its_cookies_are_not_secure_only_so_a_phone_keeps_them_over_http() -> None:
    serving = plan()
    assert serving.settings["SESSION_COOKIE_SECURE"] is False
    assert serving.settings["CSRF_COOKIE_SECURE"] is False


def test_it_always_warns_that_the_traffic_is_not_encrypted() -> None:
    assert plan().warnings == [WARNING]
    assert "not encrypted" in WARNING and "trust" in WARNING and "Ctrl+C" in WARNING


def test_it_warns_louder_on_a_public_address() -> None:
    assert "reached from the internet" in plan(found="8.8.4.4").warnings[-1]
    assert len(plan(found="192.168.1.20").warnings) == 1


def test_a_given_host_wins_over_the_found_address() -> None:
    serving = plan("10.0.0.5", found=None)
    assert (serving.listen, serving.url) == ("10.0.0.5", "http://10.0.0.5:8000")
    assert plan("fd00::2").settings["ALLOWED_HOSTS"][-1] == "[fd00::2]"
    assert plan("fd00::2").url == "http://[fd00::2]:8000"


def test_listening_everywhere_still_prints_the_lan_address() -> None:
    serving = plan("0.0.0.0")
    assert (serving.listen, serving.url) == ("0.0.0.0", "http://192.168.1.20:8000")


def test_a_host_already_allowed_is_not_added_twice() -> None:
    serving = plan(allowed_hosts=["192.168.1.20"])
    assert serving.settings["ALLOWED_HOSTS"] == ["192.168.1.20"]


@pytest.mark.parametrize(
    ("host", "found", "public_url", "message"),
    [
        (None, None, None, "no address on a local network"),
        ("127.0.0.1", None, None, "--host: 127.0.0.1 is this machine only"),
        ("localhost", None, None, "--host: localhost is this machine only"),
        (None, "192.168.1.20", "https://coffee.example.org", "use one or the other"),
    ],
)
def test_it_says_why_it_cannot_serve_the_lan(
    host: str | None, found: str | None, public_url: str | None, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        plan(host, found=found, public_url=public_url)


def test_the_qr_code_is_a_block_of_half_blocks_that_fits_a_terminal() -> None:
    code = terminal_qr("http://192.168.1.20:8000/signin/" + "x" * 43 + "/")
    lines = code.splitlines()
    assert set(code) <= {" ", "█", "▀", "▄", "\n"}
    assert len({len(line) for line in lines}) == 1
    assert len(lines[0]) <= 60 and len(lines) <= 30


def test_a_terminal_that_cannot_show_blocks_gets_no_code() -> None:
    assert can_print_qr("utf-8")
    assert not can_print_qr("cp1252")
    assert not can_print_qr(None)


@pytest.mark.django_db
def test_signin_lan_prints_a_link_to_the_lan_address_with_its_code(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core_lan, "find_lan_address", lambda: "192.168.1.20")
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("signin", "--lan", "--port", "9001", stdout=out)
    out.seek(0)
    link, *code = out.read().splitlines()
    assert link.startswith("http://192.168.1.20:9001/signin/")
    assert code and "█" in code[0]


# --- the real thing: a server on this machine's LAN address, visited like a phone would --------


@pytest.fixture
def lan_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    address = find_lan_address()
    if address is None:
        pytest.skip("this machine has no address on a local network to serve on")
    with socket.socket() as probe:
        probe.bind((address, 0))
        port = probe.getsockname()[1]
    # One process: waitress, which serves where there is no fork (Windows); the others use workers.
    with serving("--lan", "--workers", "1", "--port", str(port), data_dir=tmp_path / "data") as (_, output):
        yield f"http://{address}:{port}", output


def test_a_phone_on_the_lan_signs_in_with_the_printed_link(lan_server: tuple[str, str]) -> None:
    url, output = lan_server
    link = re.search(r"Sign in \(once, within \d+ h\): (\S+)", output)
    assert link and link.group(1).startswith(f"{url}/signin/"), output
    assert re.search(r"^█{20,}$", output, re.MULTILINE), "no QR code printed:\n" + output
    assert "not encrypted" in output

    phone = build_opener(HTTPCookieProcessor(CookieJar()))
    with phone.open(link.group(1), timeout=30) as response:
        button = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', button)
    assert csrf and "Sign in as" in button, button
    press = Request(
        link.group(1),
        data=urlencode({"csrfmiddlewaretoken": csrf.group(1)}).encode(),
        headers={"Origin": url, "Referer": link.group(1)},
    )
    with phone.open(press, timeout=30) as response:
        page = response.read().decode()
        assert response.status == 200 and response.url == f"{url}/", response.url
    assert "Sign out" in page

    # A form sent from the phone passes the CSRF check: signing out lands on the sign-in page.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page
    signout = Request(
        f"{url}/logout/",
        data=urlencode({"csrfmiddlewaretoken": token.group(1)}).encode(),
        headers={"Origin": url, "Referer": f"{url}/"},
    )
    with phone.open(signout, timeout=30) as response:
        assert response.status == 200 and "/login/" in response.url
