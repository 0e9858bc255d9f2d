"""Browser tests: the real `coffeechat serve` in a subprocess, driven by Debian's Chromium."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.processes import stop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: ./scripts/test installs it with apt")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


# Chromium reports a blocked script or style on the console; the listener also catches what a
# console message could miss (an attribute handler, a style attribute set by markup).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code")
                + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def watch_for_csp_violations(page: Any) -> list[str]:
    """Start collecting the page's Content-Security-Policy violations; the list fills as they come."""
    seen: list[str] = []
    page.add_init_script(CSP_LISTENER)

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            seen.append(f"{page.url}: {text}")

    page.on("console", on_console)
    return seen


@pytest.fixture(autouse=True)
def _content_security_policy_holds(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every browser test runs with the policy enforced and fails on any violation."""
    if "page" not in request.fixturenames:
        yield
        return
    seen = watch_for_csp_violations(request.getfixturevalue("page"))
    yield
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(seen)


@dataclass
class Server:
    url: str
    signin_link: str
    owner: str
    env: dict[str, str]
    clock: Path
    output: list[str] = field(default_factory=list)

    def set_time(self, moment: str) -> None:
        """Move the server's clock (core/clock.py) to an ISO date and time; "" is the real time."""
        self.clock.write_text(moment)

    def sign_in_owner(self, page: Any) -> None:
        """A fresh one-time link for the owner, as `coffeechat signin` prints it."""
        self.sign_in(page, self.owner)

    def sign_in(self, page: Any, user: str) -> None:
        port = self.url.rsplit(":", 1)[1]
        press_signin_button(page, self.coffeechat("signin", "--user", user, "--port", port).stdout.strip())

    def coffeechat(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "coffeechat", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )


def press_signin_button(page: Any, link: str) -> None:
    """Open a one-time link and press its button: only that uses the link up."""
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def database_url() -> Iterator[str | None]:
    """On the PostgreSQL run, a fresh database for the server; SQLite needs nothing."""
    admin_url = os.environ.get("COFFEECHAT_DATABASE_URL")
    if not admin_url:
        yield None
        return
    import psycopg

    name = f"coffeechat_browser_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    yield urlunsplit(parts._replace(path="/" + name))
    # The server has exited, but PostgreSQL ends its sessions a moment later: wait for that
    # rather than force it (terminating others' sessions needs a privilege the test role lacks).
    deadline = time.monotonic() + 30
    with psycopg.connect(admin_url, autocommit=True) as conn:
        while True:
            try:
                conn.execute(f'DROP DATABASE "{name}"')
                break
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, database_url: str | None) -> Iterator[Server]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    env["COFFEECHAT_DATA_DIR"] = str(tmp_path_factory.mktemp("server-data"))
    env["COFFEECHAT_COMMUNITY"] = "true"  # the community's pages are visited too; the rest is the same
    env["PYTHONUNBUFFERED"] = "1"
    env["COFFEECHAT_PERIODIC"] = "false"  # jobs run in tests only when a test runs them
    clock = tmp_path_factory.mktemp("clock") / "now"
    clock.write_text("")
    env["COFFEECHAT_CLOCK_FILE"] = str(clock)
    if database_url:
        env["COFFEECHAT_DATABASE_URL"] = database_url
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    link = None
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while link is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        output.append(line)
        if match := re.search(r"(http://\S+/signin/\S+/)", line):
            link = match.group(1)
    if link is None:
        process.kill()
        pytest.fail("coffeechat serve printed no sign-in link:\n" + "".join(output))
    # Wait for the "Serving on" line, printed once the server accepts connections.
    while not any("Serving on" in line for line in output) and time.monotonic() < deadline:
        output.append(process.stdout.readline())
    owner = re.search(r"Created the account '([^']+)'", "".join(output))
    assert owner, "".join(output)
    try:
        yield Server(f"http://127.0.0.1:{port}", link, owner.group(1), env, clock, output)
    finally:
        stop(process)
