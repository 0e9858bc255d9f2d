"""`coffeechat serve` with an https public address behind a TLS proxy on this machine.

The proxy is simulated: requests from loopback carrying the headers Caddy or nginx would add.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from coffeechat.lib.serving import RECORD_FILENAME
from tests.processes import ONCE_PER_SUITE, ONCE_PER_SUITE_HERE, serving, stop

# Never uses the configured database (a new SQLite data directory each time).
pytestmark = pytest.mark.skipif(not ONCE_PER_SUITE_HERE, reason=ONCE_PER_SUITE)
PUBLIC = "coffee.example.org"
# The port, the data directory, what it printed, the process.
Served = tuple[int, Path, str, subprocess.Popen[str]]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("proxied") / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serving("--port", str(port), data_dir=data_dir, COFFEECHAT_PUBLIC_URL=f"https://{PUBLIC}") as (
        process,
        output,
    ):
        yield port, data_dir, output, process


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": PUBLIC, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def through_proxy(port: int, path: str) -> http.client.HTTPResponse:
    return get(port, path, **{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})


def test_a_page_through_the_proxy_is_served_with_hsts(server: Served) -> None:
    port = server[0]
    response = through_proxy(port, "/login/")
    assert response.status == 200, response.getheader("Location")
    assert "max-age=31536000" in (response.getheader("Strict-Transport-Security") or "")
    # Signed out, the home page sends to the sign-in page over https, not to itself.
    home = through_proxy(port, "/")
    assert home.status == 302 and home.getheader("Location") == "/login/?next=/"


def test_plain_http_is_sent_to_https_once(server: Served) -> None:
    port = server[0]
    response = get(port, "/login/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{PUBLIC}/login/"
    assert response.getheader("Strict-Transport-Security") is None
    # The browser follows it to the proxy, which answers the page.
    assert through_proxy(port, "/login/").status == 200


def test_the_server_notes_its_address_for_signin(server: Served) -> None:
    data_dir, output = server[1], server[2]
    recorded = json.loads((data_dir / RECORD_FILENAME).read_text())
    assert recorded["url"] == f"https://{PUBLIC}"
    assert re.search(rf"Sign in \(once, within \d+ h\): https://{PUBLIC}/signin/", output), output
    # Where to point the proxy is said too.
    assert (
        f"Serving on https://{PUBLIC}/ (listening on http://127.0.0.1:{server[0]}/ for the proxy)" in output
    )


def test_stopping_the_server_removes_its_note(server: Served) -> None:
    # Last in this module: it stops the shared server, as a service manager would (SIGTERM).
    process, data_dir = server[3], server[1]
    stop(process)
    assert process.returncode == 0
    assert not (data_dir / RECORD_FILENAME).exists()
