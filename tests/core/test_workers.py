"""`coffeechat serve --workers 2`: pre-forked worker processes, started as a user would."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, Request, build_opener

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.lib.dbconfig import SQLITE_FILENAME
from coffeechat.lib.serving import RECORD_FILENAME
from tests.processes import serving, stop

# The server runs on a new SQLite data directory either way (once per suite is enough), and its
# workers are read from Linux's /proc.
served_here = pytest.mark.skipif(
    bool(os.environ.get("COFFEECHAT_DATABASE_URL")) or not sys.platform.startswith("linux"),
    reason="runs on the SQLite suite, on Linux",
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def workers_of(pid: int, expected: int) -> list[int]:
    """The worker processes, once forked (the port takes connections from the start)."""
    deadline = time.monotonic() + 30
    while len(found := children(pid)) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def holds_database(pid: int, database: Path) -> bool:
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue  # closed meanwhile
    return str(database) in found


def maps_database(pid: int, database: Path) -> bool:
    return str(database) in Path(f"/proc/{pid}/maps").read_text()


def sign_in(url: str, output: str) -> tuple[OpenerDirector, str]:
    """A browser signed in with the printed link, and a CSRF token for its forms."""
    link = re.search(r"Sign in \(once, within \d+ h\): (\S+)", output)
    assert link, output
    browser = build_opener(HTTPCookieProcessor(CookieJar()))
    with browser.open(link.group(1), timeout=30) as response:
        token = TOKEN.search(response.read().decode())
    assert token
    press = Request(link.group(1), data=urlencode({"csrfmiddlewaretoken": token.group(1)}).encode())
    with browser.open(press, timeout=30) as response:
        page = response.read().decode()
    assert "Sign out" in page
    token = TOKEN.search(page)
    assert token
    return browser, token.group(1)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[int, str, str, Path]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data_dir = tmp_path / "data"
    # Plain http on loopback in a test: the cookie jar keeps Secure cookies for https only. The
    # periodic jobs run here, as they do in real use.
    with serving(
        "--workers",
        "2",
        "--port",
        str(port),
        data_dir=data_dir,
        COFFEECHAT_SECURE_COOKIES="false",
        COFFEECHAT_PERIODIC="true",
    ) as (process, output):
        yield process.pid, f"http://127.0.0.1:{port}", output, data_dir
        server, workers = process.pid, children(process.pid)
        stop(process)
        assert process.returncode == 0, process.stdout.read() if process.stdout else ""
        assert not any(Path(f"/proc/{pid}").exists() for pid in [server, *workers]), "a worker is left"
        assert not (data_dir / RECORD_FILENAME).exists()


@served_here
def test_two_workers_answer_signed_in_pages_and_changes_at_once(
    two_workers: tuple[int, str, str, Path],
) -> None:
    server, url, output, data_dir = two_workers
    workers = workers_of(server, 2)
    assert len(workers) == 2, workers
    browser, token = sign_in(url, output)

    def add(number: int) -> int:
        form = {"csrfmiddlewaretoken": token, "name": f"Worker{number} Test"}
        with browser.open(Request(f"{url}/people/new/", data=urlencode(form).encode()), timeout=30) as sent:
            return sent.status

    def page(path: str) -> str:
        with browser.open(f"{url}{path}", timeout=30) as response:
            return response.read().decode()

    # Eight browsers' worth at once: adding people (writes from both workers queue on SQLite's
    # lock instead of failing) and reading pages.
    with ThreadPoolExecutor(8) as pool:
        added = list(pool.map(add, range(8)))
        pages = list(pool.map(page, ["/", "/people/"] * 12))
    assert added == [200] * 8  # each followed to the person's page
    assert all("Sign out" in shown for shown in pages)
    people = page("/people/?q=Test")
    assert all(f"Worker{number}" in people for number in range(8)), people

    # Both workers answered (each keeps its database connection between requests); the server
    # process that forked them holds none, so none was shared across the fork.
    database = data_dir / SQLITE_FILENAME
    assert [holds_database(worker, database) for worker in workers] == [True, True]
    assert not holds_database(server, database)
    # The workers read the database through a memory map (core/database.py, read_through_map).
    assert [maps_database(worker, database) for worker in workers] == [True, True]
    # The periodic jobs ran in a worker, after the fork, each once; never in the server process.
    with closing(sqlite3.connect(database)) as db:
        runs = db.execute("SELECT job, claimed_by FROM runs_periodicrun").fetchall()
    assert sorted(job for job, _ in runs) == sorted({job for job, _ in runs}) and "digest" in dict(runs)
    assert {int(by.split(":")[1]) for _, by in runs} <= set(workers)


@served_here
def test_each_worker_opens_its_database_connection_before_its_first_request(tmp_path: Path) -> None:
    # A new connection pays on its first queries for what the database reads once per connection
    # (about 20 ms on PostgreSQL's first suggestions page): each worker's first request thread
    # opens its own and asks the suggestions' questions before the worker takes requests.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data_dir = tmp_path / "data"
    with serving("--workers", "2", "--port", str(port), data_dir=data_dir) as (process, _):
        workers = workers_of(process.pid, 2)
        database = data_dir / SQLITE_FILENAME
        deadline = time.monotonic() + 30
        while not all(holds_database(pid, database) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [holds_database(pid, database) for pid in workers] == [True, True]
        assert not holds_database(process.pid, database)
        stop(process)
        assert process.returncode == 0


@pytest.mark.parametrize("workers", ["0", "65"])
def test_a_number_of_workers_out_of_range_is_refused(workers: str) -> None:
    with pytest.raises(CommandError, match=f"--workers: {workers} is not between 1 and 64"):
        call_command("serve", "--workers", workers, "--port", "1")


def test_answers_are_not_held_back_waiting_for_acknowledgements() -> None:
    """Each connection the server accepts sends at once (TCP_NODELAY): with Nagle's algorithm an
    answer's body, written after its head, waited 40 ms for the client's delayed acknowledgement."""
    from coffeechat.core.server import _bind

    listener = _bind("127.0.0.1", 0)
    with listener, socket.create_connection(listener.getsockname()[:2]):
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
