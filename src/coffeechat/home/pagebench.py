"""`bench pages`: every main page timed over real HTTP against `coffeechat serve`, beside a raw baseline.

A network of the asked size is built on a throwaway database (a SQLite file in a temporary data
directory, or a new database on the PostgreSQL server the user configured), the real server is
started on it on a free loopback port, a client signs in with a password as a browser does, and
each page is timed first with one client, then with several at once (beside one client's rate
taken just before, in the same way). Beside each page the page's essential query runs through the
bare driver (or the bare engine call) on the same database, so the ratio says how much the page
adds over what the database must do anyway.

Nothing is left behind: the server, the temporary directory and the temporary database go on
success, on an error, on Ctrl+C and on SIGTERM. With a kept network (`--network DIR`) the data
directory, and on PostgreSQL the database named in it, stay for the next run.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from coffeechat.lib.dbconfig import SQLITE_FILENAME

USERNAME = "bench-pages"
MARKER = "bench-network.json"  # in a kept network's directory: what was built there
# Measured at 10,000 people (10 ties each, 500 conversations) and rounded up: the SQLite file and
# the peak memory of the building process. PostgreSQL takes about as much disk with its indexes.
DISK_BYTES_PER_PERSON = 4_000
MEMORY_BYTES_PER_PERSON = 3_000
MEMORY_BASE_BYTES = 400 * 1024 * 1024  # this process, the server and the embedding model


class BenchError(Exception):
    """Something the user can fix: the message says what."""


@dataclass
class Size:
    people: int
    ties_per_person: int
    conversations: int
    explorations: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Target:
    """Where the network lives: what the server is started with, and how the bench reaches it."""

    data_dir: Path
    vendor: str
    name: str  # SQLite: the file; PostgreSQL: the database
    server_env: dict[str, str] = field(default_factory=dict)
    build_seconds: float | None = None  # None: reused


# ── Sizes the machine cannot hold ──────────────────────────────────────────────────────────────


def check_room(size: Size, where: Path, vendor: str) -> None:
    """Refuse, before anything is built, a size the disk or the memory cannot hold."""
    scale = size.people * max(size.ties_per_person, 1) / 10
    need_disk = int(scale * DISK_BYTES_PER_PERSON)
    free_disk = shutil.disk_usage(where).free
    if vendor == "sqlite" and need_disk > free_disk:
        raise BenchError(
            f"--people {size.people:,}: the network needs about {_mb(need_disk)} of disk and {where} "
            f"has {_mb(free_disk)} free; choose a smaller size or another data directory"
        )
    need_memory = MEMORY_BASE_BYTES + int(scale * MEMORY_BYTES_PER_PERSON)
    available = available_memory()
    if available is not None and need_memory > available:
        raise BenchError(
            f"--people {size.people:,}: building the network needs about {_mb(need_memory)} of memory "
            f"and {_mb(available)} is available; choose a smaller size"
        )


def available_memory() -> int | None:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024 / 1024:.1f} GB" if n >= 1024**3 else f"{n / 1024 / 1024:.0f} MB"


# ── Building the network ───────────────────────────────────────────────────────────────────────


def build_network(size: Size, progress: Callable[[str], None]) -> float:
    """Fill the current (throwaway) database; the seconds it took."""
    from coffeechat.insights.bench import make_conversations

    started = time.perf_counter()
    owner = User.objects.create_user(USERNAME, password=PASSWORD)
    make_conversations(
        owner,
        size.conversations,
        size.explorations,
        random.Random(31),
        people=size.people,
        ties_per_person=size.ties_per_person,
    )
    _add_waiting_work(owner, random.Random(37))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    progress(f"built {size.people:,} people and {size.conversations} conversations in {seconds:.0f} s")
    return seconds


def _add_waiting_work(owner: User, rng: random.Random) -> None:
    """What Today shows: requests waiting for an answer and meetings coming up."""
    from coffeechat.conversations import lifecycle
    from coffeechat.conversations.events import record_event
    from coffeechat.conversations.models import Meeting, Message, PipelineEntry
    from coffeechat.explore.models import Exploration
    from coffeechat.network.models import Person

    topics = list(Exploration.objects.filter(owner=owner).order_by("pk"))
    busy = set(PipelineEntry.objects.filter(exploration__owner=owner).values_list("person_id", flat=True))
    free = [
        p for p in Person.objects.filter(owner=owner).values_list("pk", flat=True)[:5000] if p not in busy
    ]
    now = timezone.now()
    for n, pid in enumerate(rng.sample(free, min(60, len(free)))):
        topic = topics[n % len(topics)]
        sent = now - timedelta(days=rng.randrange(1, 30))
        Message.objects.create(
            owner=owner, person_id=pid, exploration=topic, kind="direct_request", body="…", sent=sent
        )
        entry = PipelineEntry.objects.create(exploration=topic, person_id=pid)
        record_event(entry, lifecycle.REQUEST_SENT_EVENT, at=sent)
        if n % 3 == 0:
            Meeting.objects.create(
                owner=owner, person_id=pid, exploration=topic, starts=now + timedelta(days=1 + n % 14)
            )


PASSWORD = "bench-pages-" + "p" * 12  # a throwaway account on a throwaway database


# ── Where the network lives ────────────────────────────────────────────────────────────────────


@contextmanager
def network_target(size: Size, keep: Path | None, progress: Callable[[str], None]) -> Iterator[Target]:
    """A database holding a network of `size`: built now (in a temporary directory, or in `keep`),
    or reused from `keep`. Temporary ones are removed on the way out, whatever happens."""
    vendor = connection.vendor
    settings_dict = connection.settings_dict
    real_name = settings_dict["NAME"]
    made_dir: Path | None = None
    made_database: str | None = None
    try:
        if keep is not None:
            try:
                keep.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise BenchError(f"--network {keep}: cannot make the folder ({exc.strerror})") from None
            data_dir = keep
        else:
            data_dir = made_dir = Path(tempfile.mkdtemp(prefix="coffeechat-bench-pages-"))
        marker = data_dir / MARKER
        built = json.loads(marker.read_text()) if marker.exists() else None
        if built is not None and (built["vendor"], built["size"]) != (vendor, size.as_dict()):
            raise BenchError(
                f"--network {data_dir}: it holds {built['size']['people']:,} people on {built['vendor']}, "
                f"not the {size.people:,} on {vendor} asked for; give another folder or the same size"
            )
        if vendor == "sqlite":
            name = str(data_dir / SQLITE_FILENAME)
        else:
            name = built["name"] if built else f"{real_name}_pages_{secrets.token_hex(3)}"
        target = Target(data_dir, vendor, name, _server_env(data_dir, name))
        if built is None:
            check_room(size, data_dir, vendor)
            connection.close()
            settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": name}
            made_database = name  # from here on, until built and kept, it goes on the way out
            try:
                connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            except Exception as exc:
                raise BenchError(f"cannot create a throwaway database beside {real_name}: {exc}") from None
            progress(f"building in {name}")
            target.build_seconds = round(build_network(size, progress), 1)
            if keep is not None:
                marker.write_text(json.dumps({"vendor": vendor, "name": name, "size": size.as_dict()}))
                made_database = None
        else:
            progress(f"reusing the network in {data_dir}")
            connection.close()
            settings_dict["NAME"] = name
        connection.close()  # the server has the database to itself while timed
        yield target
    finally:
        connection.close()
        settings_dict["NAME"] = real_name
        if made_database is not None:
            _drop(vendor, made_database)
        if made_dir is not None:
            shutil.rmtree(made_dir, ignore_errors=True)


def _drop(vendor: str, name: str) -> None:
    """Remove a database the bench made (half-made ones too)."""
    if vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def _server_env(data_dir: Path, name: str) -> dict[str, str]:
    env = {"COFFEECHAT_DATA_DIR": str(data_dir)}
    url = os.environ.get("COFFEECHAT_DATABASE_URL")
    if url and connection.vendor == "postgresql":
        parts = urlsplit(url)
        env["COFFEECHAT_DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    return env


# ── The server ─────────────────────────────────────────────────────────────────────────────────


@contextmanager
def running_server(
    target: Target, progress: Callable[[str], None], workers: int | None = None
) -> Iterator[tuple[int, int]]:
    """`coffeechat serve` on a free loopback port: (port, pid). Stopped on the way out."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    environ |= {"PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", **target.server_env}
    if settings.SECRET_KEY and "COFFEECHAT_SECRET_KEY" in os.environ:
        environ["COFFEECHAT_SECRET_KEY"] = os.environ["COFFEECHAT_SECRET_KEY"]
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(port)]
        + (["--workers", str(workers)] if workers else []),
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        start_new_session=True,  # a Ctrl+C in the terminal reaches the bench, which stops it
        preexec_fn=_die_with_parent,
    )
    try:
        output = _wait_until_serving(process)
        progress(f"server {process.pid} serving on 127.0.0.1:{port}")
        # Keep reading what it prints, so a full pipe never blocks it.
        threading.Thread(target=output.extend, args=(process.stdout,), daemon=True).start()
        yield port, process.pid
    finally:
        _stop(process)


def _die_with_parent() -> None:
    """On Linux, the server gets SIGTERM should the bench be killed outright (SIGKILL)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_serving(process: subprocess.Popen[str]) -> list[str]:
    output: list[str] = []
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        output.append(line)
        if "Serving on" in line:
            return output
    raise BenchError("coffeechat serve did not start:\n" + "".join(output[-20:]))


def _stop(process: subprocess.Popen[str]) -> None:
    """As Ctrl+C would, then by force; the workers it started go with it (its own process group)."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def server_cpu_seconds(pid: int) -> float:
    """CPU the server and its (living and reaped) children have used, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += stats.get(current, (0, 0))[1]
        todo += [p for p, (parent, _) in stats.items() if parent == current]
    return total / tick


# ── A browser-like client ──────────────────────────────────────────────────────────────────────


class Client:
    """One keep-alive connection with the session's cookies, as a browser tab holds."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed a kept-alive connection: open another, once. A timeout is not retried.
            self.conn.close()
            self.conn.request(method, path, body=body, headers=sent)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, text

    def sign_in(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise BenchError(f"the sign-in page answered {status} without a form")
        form = urlencode({"csrfmiddlewaretoken": found[1], "username": username, "password": password})
        origin = f"http://127.0.0.1:{self.port}"
        status, _ = self.request("POST", "/login/", form, {"Referer": origin + "/login/", "Origin": origin})
        if status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"signing in as {username} answered {status}, not a redirect with a session")

    def close(self) -> None:
        self.conn.close()


# ── The pages and their baselines ──────────────────────────────────────────────────────────────


@dataclass
class Page:
    name: str
    paths: list[str]  # requested in turn
    baseline_name: str
    baseline: Callable[[int], Any]  # the n-th call
    htmx: bool = False


def plan_pages(target: Target, rng: random.Random) -> tuple[list[Page], Callable[[], None]]:
    """The pages to time, with their raw baselines through the bare driver; and how to close it."""
    raw = RawDatabase(target)
    q = raw.one
    owner = q("SELECT id FROM auth_user WHERE username = %s", [USERNAME])[0]
    person = q(
        "SELECT person_a_id FROM network_tie WHERE owner_id = %s GROUP BY person_a_id "
        "ORDER BY count(*) DESC LIMIT 1",
        [owner],
    )[0]
    organization = q(
        "SELECT organization_id FROM network_person WHERE owner_id = %s AND organization_id IS NOT NULL "
        "GROUP BY organization_id ORDER BY count(*) DESC LIMIT 1",
        [owner],
    )[0]
    exploration, text = q(
        "SELECT e.id, e.text FROM explore_exploration e WHERE e.owner_id = %s ORDER BY e.id LIMIT 1", [owner]
    )
    meeting = q(
        "SELECT id FROM conversations_meeting WHERE owner_id = %s AND exploration_id = %s "
        "ORDER BY id LIMIT 1",
        [owner, exploration],
    )[0]
    from coffeechat.network.sample import FIRST_NAMES, LAST_NAMES, ROLES

    prefixes = [w[:n] for w in rng.sample(FIRST_NAMES + LAST_NAMES, 10) for n in (1, 3)]
    prefixes += [r.split()[-1][:4].lower() for r in rng.sample(ROLES, 5)]
    titles = [
        row[0] for row in raw.all("SELECT DISTINCT title FROM network_person WHERE owner_id = %s", [owner])
    ]

    def embed(n: int) -> Any:
        from coffeechat.explore.semantic import similarities

        return similarities(text, titles)

    embed(0)  # the model loads and the titles' vectors are cached, as the server keeps them
    page_rows = (
        "SELECT p.id, p.name, p.title, o.name FROM network_person p "
        "LEFT JOIN network_organization o ON o.id = p.organization_id "
        "WHERE p.owner_id = %s ORDER BY p.name_key, p.id LIMIT 50"
    )
    pages = [
        Page(
            "Today",
            ["/"],
            "waiting requests and next meetings",
            lambda n: (
                raw.all(
                    "SELECT m.id, p.name FROM conversations_message m JOIN network_person p "
                    "ON p.id = m.person_id WHERE m.owner_id = %s ORDER BY m.sent DESC LIMIT 20",
                    [owner],
                ),
                raw.all(
                    "SELECT id, starts FROM conversations_meeting WHERE owner_id = %s AND held IS NULL "
                    "ORDER BY starts LIMIT 10",
                    [owner],
                ),
            ),
        ),
        Page("people list", ["/people/"], "first 50 by name", lambda n: raw.all(page_rows, [owner])),
        Page(
            "search while typing",
            [f"/search/?q={p}" for p in prefixes],
            "FTS5 MATCH" if target.vendor == "sqlite" else "tsvector @@",
            lambda n: raw.search(owner, prefixes[n % len(prefixes)]),
            htmx=True,
        ),
        Page(
            "person",
            [f"/people/{person}/"],
            "tie neighbours",
            lambda n: raw.all(
                "SELECT person_b_id FROM network_tie WHERE person_a_id = %s UNION ALL "
                "SELECT person_a_id FROM network_tie WHERE person_b_id = %s",
                [person, person],
            ),
        ),
        Page(
            "organization",
            [f"/organizations/{organization}/"],
            "its people by name",
            lambda n: raw.all(
                "SELECT id, name, title FROM network_person WHERE organization_id = %s ORDER BY name_key, id",
                [organization],
            ),
        ),
        Page("suggestions", [f"/explorations/{exploration}/"], "embed the query vs cached titles", embed),
        Page(
            "board",
            [f"/explorations/{exploration}/board/"],
            "its pipeline with names",
            lambda n: raw.all(
                "SELECT e.id, e.stage, p.name FROM conversations_pipelineentry e JOIN network_person p "
                "ON p.id = e.person_id WHERE e.exploration_id = %s",
                [exploration],
            ),
        ),
        Page(
            "meeting brief",
            [f"/meetings/{meeting}/brief/"],
            "the meeting and its person",
            lambda n: raw.all(
                "SELECT m.id, p.name, p.title FROM conversations_meeting m JOIN network_person p "
                "ON p.id = m.person_id WHERE m.id = %s",
                [meeting],
            ),
        ),
        Page(
            "meeting plan",
            [f"/meetings/{meeting}/plan/"],
            "its planned questions",
            lambda n: raw.all(
                "SELECT id, theme, text FROM conversations_plannedquestion WHERE meeting_id = %s "
                "ORDER BY position",
                [meeting],
            ),
        ),
        Page(
            "insights",
            ["/insights/"],
            "reflections per exploration",
            lambda n: raw.all(
                "SELECT m.exploration_id, count(*), avg(r.fit) FROM conversations_reflection r "
                "JOIN conversations_meeting m ON m.id = r.meeting_id WHERE m.owner_id = %s "
                "GROUP BY m.exploration_id",
                [owner],
            ),
        ),
        Page(
            "report",
            ["/insights/report/?format=md"],
            "reflections and notes",
            lambda n: raw.all(
                "SELECT m.exploration_id, r.fit, r.skills_to_build, n.text FROM conversations_reflection r "
                "JOIN conversations_meeting m ON m.id = r.meeting_id "
                "LEFT JOIN conversations_meetingnotes n ON n.meeting_id = m.id WHERE m.owner_id = %s",
                [owner],
            ),
        ),
    ]
    return pages, raw.close


class RawDatabase:
    """The same database through the bare driver: sqlite3 or psycopg, no Django."""

    def __init__(self, target: Target) -> None:
        self.vendor = target.vendor
        if target.vendor == "sqlite":
            self.conn: Any = sqlite3.connect(target.name)
        else:
            import psycopg

            db = connection.settings_dict
            self.conn = psycopg.connect(
                dbname=target.name,
                user=db["USER"],
                password=db["PASSWORD"],
                host=db["HOST"] or None,
                port=db["PORT"] or None,
                autocommit=True,
            )

    def all(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        if self.vendor == "sqlite":
            sql = sql.replace("%s", "?")
        cursor = self.conn.cursor()
        cursor.execute(sql, params)
        return cursor.fetchall()

    def one(self, sql: str, params: list[Any]) -> tuple[Any, ...]:
        rows = self.all(sql, params)
        if not rows:
            raise BenchError(f"the network has nothing for: {sql}")
        return rows[0]

    def search(self, owner: int, prefix: str) -> list[tuple[Any, ...]]:
        if self.vendor == "sqlite":
            return self.all(
                "SELECT e.person_id FROM network_person_fts f JOIN network_searchentry e "
                "ON e.person_id = f.rowid WHERE network_person_fts MATCH %s AND e.owner_id = %s "
                "ORDER BY bm25(network_person_fts, 10.0, 4.0, 4.0, 3.0, 1.0) LIMIT 50",
                [f'"{prefix}"*', owner],
            )
        return self.all(
            "SELECT person_id FROM network_searchentry WHERE owner_id = %s "
            "AND search_vector @@ to_tsquery('simple', %s) "
            "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC LIMIT 50",
            [owner, f"{prefix}:*", f"{prefix}:*"],
        )

    def close(self) -> None:
        self.conn.close()


# ── Measuring ──────────────────────────────────────────────────────────────────────────────────


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _headers(page: Page) -> dict[str, str]:
    return {"HX-Request": "true"} if page.htmx else {}


def time_alone(client: Client, page: Page, requests: int) -> dict[str, Any]:
    start = time.perf_counter()
    first_status, _ = client.request("GET", page.paths[0], headers=_headers(page))
    first_ms = (time.perf_counter() - start) * 1000  # the first since the server started
    samples, errors = [], int(first_status != 200)
    for n in range(requests):
        start = time.perf_counter()
        try:
            status, _ = client.request("GET", page.paths[n % len(page.paths)], headers=_headers(page))
            errors += status != 200
        except (http.client.HTTPException, OSError):
            errors += 1
        samples.append((time.perf_counter() - start) * 1000)
    page.baseline(0)
    base = []
    for n in range(requests):
        start = time.perf_counter()
        page.baseline(n)
        base.append((time.perf_counter() - start) * 1000)
    p95, base_p95 = percentile(samples, 0.95), percentile(base, 0.95)
    return {
        "name": page.name,
        "path": page.paths[0],
        "requests": requests,
        "first_ms": round(first_ms, 1),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
        "errors": errors,
        "baseline": page.baseline_name,
        "baseline_p50_ms": round(statistics.median(base), 3),
        "baseline_p95_ms": round(base_p95, 3),
        "ratio_p50": round(statistics.median(samples) / max(statistics.median(base), 0.001), 1),
    }


def time_together(
    port: int, cookies: dict[str, str], page: Page, clients: int, seconds: float
) -> dict[str, Any]:
    """`clients` clients asking for the page as fast as they can for `seconds`."""
    lock = threading.Lock()
    samples: list[float] = []
    errors = [0, 0]  # answers other than 200, exceptions
    stop_at = time.monotonic() + seconds

    def run(index: int) -> None:
        client = Client(port, cookies)
        n = index
        try:
            while time.monotonic() < stop_at:
                start = time.perf_counter()
                try:
                    status, _ = client.request("GET", page.paths[n % len(page.paths)], headers=_headers(page))
                    with lock:
                        samples.append((time.perf_counter() - start) * 1000)
                        errors[0] += status != 200
                except (http.client.HTTPException, OSError):
                    with lock:
                        errors[1] += 1
                n += clients
        finally:
            client.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "name": page.name,
        "clients": clients,
        "requests": len(samples),
        "per_second": round(len(samples) / elapsed, 1),
        "p50_ms": round(statistics.median(samples), 1) if samples else None,
        "p95_ms": round(percentile(samples, 0.95), 1) if samples else None,
        "non_200": errors[0],
        "exceptions": errors[1],
    }


def time_gain(port: int, cookies: dict[str, str], page: Page, clients: int, seconds: float) -> dict[str, Any]:
    """`clients` at once, with the rate one client gets in the same way just before.

    The two rates are taken back to back, so that they share the machine's speed of the moment:
    on a shared host it moved by a third within one run, and against the one-client phase a
    minute earlier the gain rose and fell with it.
    """
    one = time_together(port, cookies, page, 1, seconds)
    many = time_together(port, cookies, page, clients, seconds)
    gain = many["per_second"] / one["per_second"] if one["per_second"] else None
    return {**many, "one_client_per_second": one["per_second"], "gain": gain and round(gain, 2)}


PROBE_ROUNDS = 1_000_000


def machine_probe_ms() -> float:
    """How long a fixed piece of pure-Python work takes now, best of three.

    On a shared machine the speed of the same code moves, by up to twice within an hour on the
    development machine (the raw baselines with it); the bench reports this before and after its
    pages, so that runs on a busy and a quiet machine can be told apart.
    """
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for n in range(PROBE_ROUNDS):
            total += n % 7
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_pages_bench(
    size: Size,
    requests: int,
    clients: int,
    seconds: float,
    keep: Path | None,
    progress: Callable[[str], None],
    workers: int | None = None,
) -> dict[str, Any]:
    with (
        stopping_on_sigterm(),
        network_target(size, keep, progress) as target,
        running_server(target, progress, workers) as (port, pid),
    ):
        browser = Client(port)
        browser.sign_in(USERNAME, PASSWORD)
        pages, close_raw = plan_pages(target, random.Random(41))
        probe = {"before": machine_probe_ms()}
        try:
            alone, together = [], []
            cpu = {"bench": _own_cpu(), "server": server_cpu_seconds(pid), "wall": time.perf_counter()}
            for page in pages:
                alone.append(time_alone(browser, page, requests))
                progress(f"{page.name}: p50 {alone[-1]['p50_ms']} ms")
            cpu_alone = _cpu_since(cpu, pid)
            cpu = {"bench": _own_cpu(), "server": server_cpu_seconds(pid), "wall": time.perf_counter()}
            if clients > 1 and seconds > 0:
                for page in pages:
                    together.append(time_gain(port, browser.cookies, page, clients, seconds))
                    progress(
                        f"{page.name}: {together[-1]['per_second']}/s with {clients} clients, "
                        f"{together[-1]['one_client_per_second']}/s with one"
                    )
            cpu_together = _cpu_since(cpu, pid)
            probe["after"] = machine_probe_ms()
        finally:
            close_raw()
            browser.close()
    return {
        "database": target.vendor,
        **size.as_dict(),
        "ties": size.people * size.ties_per_person,
        "cores": os.cpu_count(),
        "build_seconds": target.build_seconds,
        "load_average": [round(x, 1) for x in os.getloadavg()],  # others' work on the machine skews it
        "probe_ms": probe,
        "clients": clients,
        "seconds": seconds,
        "workers": workers or "serve's default",
        "alone": alone,
        "together": together,
        "cpu": {"alone": cpu_alone, "together": cpu_together},
    }


def _cpu_since(before: dict[str, float], pid: int) -> dict[str, float]:
    wall = time.perf_counter() - before["wall"]
    return {
        "wall_s": round(wall, 1),
        "bench_cpu_s": round(_own_cpu() - before["bench"], 1),
        "server_cpu_s": round(server_cpu_seconds(pid) - before["server"], 1),
    }


@contextmanager
def stopping_on_sigterm() -> Iterator[None]:
    """SIGTERM stops the bench as Ctrl+C does, so the cleanup on the way out runs."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
