"""Two `coffeechat serve` processes side by side on one database (one PostgreSQL database, or one
SQLite file), as a community grows past one machine: nothing that must be shared lives in one
process's memory. A session made on one server is good on the other, failed sign-ins count across
both, and two members asking a volunteer's last slot through different servers: one gets it.
(The scheduler's JobRun claims are tested with two schedulers at once in test_scheduler.py.)"""

from __future__ import annotations

import html
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from coffeechat.home.pagebench import BenchError, Client
from tests.processes import serving

POSTGRES = os.environ.get("COFFEECHAT_DATABASE_URL")
PASSWORD = "two-servers-" + "p" * 12
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SENT = re.compile(r'href="/community/requests/\d+/"')
MESSAGE = re.compile(r'<textarea name="message"[^>]*>(.*?)</textarea>', re.S)

SETUP = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
import django
django.setup()
from django.contrib.auth.models import User
from coffeechat.community.models import Membership, VolunteerProfile
from coffeechat.explore.models import Exploration
from coffeechat.outreach.service import profile_for

for name in ("ann", "bob", "cy", "vi"):
    user = User.objects.create_user(name, password=sys.argv[1])
    Membership.objects.create(user=user, display_name=name.title() + " Lee", unsubscribe_token="t-" + name)
    profile = profile_for(user)
    profile.full_name, profile.pitch = name.title() + " Lee", "I am a nurse moving into user research."
    profile.save()
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    print(name, exploration.pk)
volunteer = VolunteerProfile.objects.create(
    user=User.objects.get(username="vi"), headline="UX researcher", title="UX Researcher",
    ways=["video"], shown=["headline", "title", "ways"], monthly_cap=1,
)
print("volunteer", volunteer.pk)
"""

POSTGRES_RUN = "COFFEECHAT_DATABASE_URL" in os.environ  # slow (servers and a bench): once, on PostgreSQL


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def one_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment both servers share: a new PostgreSQL database (dropped after), or a data dir."""
    env = {
        "COFFEECHAT_COMMUNITY": "true",
        "COFFEECHAT_SECURE_COOKIES": "false",
        "COFFEECHAT_LOGIN_ATTEMPTS": "2",
    }
    if not POSTGRES:
        yield env
        return
    import psycopg

    parts = urlsplit(POSTGRES)
    name = f"{parts.path.lstrip('/')}_two_{secrets.token_hex(3)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield env | {"COFFEECHAT_DATABASE_URL": urlunsplit(parts._replace(path="/" + name))}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[int, int, dict[str, int]]]:
    data_dir = tmp_path / "data"
    with ExitStack() as stack:
        env = stack.enter_context(one_database(tmp_path))
        first, second = _port(), _port()
        stack.enter_context(serving("--port", str(first), data_dir=data_dir, **env))  # migrates
        environ = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
        made = subprocess.run(
            [sys.executable, "-c", SETUP, PASSWORD],
            env=environ | env | {"COFFEECHAT_DATA_DIR": str(data_dir)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        ids = {line.split()[0]: int(line.split()[1]) for line in made.stdout.split("\n") if line}
        stack.enter_context(serving("--port", str(second), data_dir=data_dir, **env))
        yield first, second, ids


def _ask_form(client: Client, volunteer: int, exploration: int) -> Callable[[], tuple[int, str]]:
    """The ask page read now, and the sending of its form for later: both members have the form
    before either sends it (read inside the race, one could find the slot already taken)."""
    path = f"/community/volunteers/{volunteer}/ask/"
    status, page = client.request("GET", path)
    assert status == 200, page
    token, message = TOKEN.search(page), MESSAGE.search(page)
    assert token and message
    form = {"csrfmiddlewaretoken": token[1], "exploration": exploration, "message": html.unescape(message[1])}
    origin = f"http://127.0.0.1:{client.port}"
    return lambda: client.request("POST", path, urlencode(form), {"Referer": origin + path, "Origin": origin})


@pytest.mark.skipif(not POSTGRES_RUN, reason="slow; run once, on PostgreSQL")
def test_two_servers_share_sessions_sign_in_limits_and_a_volunteers_last_slot(
    two_servers: tuple[int, int, dict[str, int]],
) -> None:
    first, second, ids = two_servers
    # Signed in on one server, the same session works on the other.
    ann = Client(first)
    ann.sign_in("ann", PASSWORD)
    on_second = Client(second, ann.cookies)
    status, page = on_second.request("GET", "/community/")
    assert status == 200 and "Sign out" in page
    # Failed sign-ins count across both: one wrong password on each and the account is locked.
    for port in (first, second):
        with pytest.raises(BenchError):
            Client(port).sign_in("cy", "wrong password")
    with pytest.raises(BenchError, match="answered 429"):  # the lockout page, even with the password
        Client(first).sign_in("cy", PASSWORD)
    # Two members ask the volunteer's only slot this month at once, through different servers.
    bob = Client(second)
    bob.sign_in("bob", PASSWORD)
    answers: dict[str, tuple[int, str]] = {}
    send_ann = _ask_form(ann, ids["volunteer"], ids["ann"])
    send_bob = _ask_form(bob, ids["volunteer"], ids["bob"])
    asks = [
        threading.Thread(target=lambda: answers.update(ann=send_ann())),
        threading.Thread(target=lambda: answers.update(bob=send_bob())),
    ]
    for thread in asks:
        thread.start()
    for thread in asks:
        thread.join()
    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200, 302], answers
    refused = next(page for status, page in answers.values() if status == 200)
    assert "This volunteer is full this month; try another." in refused
    # Each server lists the one request to the member who sent it, and none to the other.
    members = {"ann": ann, "bob": bob}
    (winner,) = [name for name, (status, _) in answers.items() if status == 302]
    for port in (first, second):
        for name, client in members.items():
            status, page = Client(port, client.cookies).request("GET", "/community/requests/")
            assert status == 200
            assert len(SENT.findall(page)) == (1 if name == winner else 0), (port, name)
