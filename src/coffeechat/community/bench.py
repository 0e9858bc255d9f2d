"""`coffeechat bench community`: community mode at the size of a large alumni association.

A throwaway database (a new one on the configured PostgreSQL server, or a SQLite file in a
temporary folder) is filled with alumni records, volunteers (profiles with their vectors, through
directory_sample.make_volunteers) and members (accounts sharing ONE precomputed password hash,
bulk inserted). Measured: the bulk load of the alumni records through the real loader from a
generated CSV file (time, peak memory), request creation through the real `send_request` with its
locks (requests/s), and, against `coffeechat serve` in community mode on a loopback port, one
client's directory searches and rankings for an exploration (p95), then many signed-in clients at
once mixing searches and requests (throughput, p95, errors).

The server, the temporary folder and the database go on success, on an error, on Ctrl+C and on
SIGTERM: the server-starting, sign-in client, percentiles and cleanup are bench pages' own.
"""

from __future__ import annotations

import csv
import html
import http.client
import math
import os
import random
import re
import resource
import secrets
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, transaction

from coffeechat.home.pagebench import (
    BenchError,
    Client,
    Target,
    _drop,
    _mb,
    _server_env,
    available_memory,
    percentile,
    running_server,
    stopping_on_sigterm,
)
from coffeechat.lib.dbconfig import SQLITE_FILENAME

MEMBER = "bench-member-"
PASSWORD = "bench-community-" + "p" * 12  # throwaway accounts on a throwaway database
PITCH = "I am finishing my degree and exploring where my skills fit; I would value your view of your work."
BATCH = 5_000
# Measured at 20,000 alumni, 5,000 volunteers and 10,000 members on PostgreSQL and rounded up (rows
# with their indexes); SQLite takes less. Memory: this process, the server's workers (each holds
# the directory's matrix) and the embedding model.
DISK_BYTES = {"alumni": 700, "volunteers": 6_000, "members": 1_500}
MEMORY_BASE_BYTES = 600 * 1024 * 1024
MEMORY_BYTES_PER_VOLUNTEER = 8 * 1024
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MESSAGE = re.compile(r'<textarea name="message"[^>]*>(.*?)</textarea>', re.S)


@dataclass
class Size:
    alumni: int
    volunteers: int
    members: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Plan:
    """What the timed clients use, read while building: their accounts, explorations and whom they ask."""

    members: list[str]
    explorations: dict[str, list[int]]
    free_volunteers: list[int]  # not asked by the throughput run


# ── Sizes the machine cannot hold ──────────────────────────────────────────────────────────────


def check_room(size: Size, where: Path, vendor: str) -> None:
    """Refuse, before anything is made, a size the disk or the memory cannot hold."""
    need_disk = sum(getattr(size, k) * v for k, v in DISK_BYTES.items()) + size.alumni * 150  # the CSV
    free_disk = shutil.disk_usage(where).free
    if need_disk > free_disk:
        raise BenchError(
            f"--alumni {size.alumni:,}, --volunteers {size.volunteers:,}, --members {size.members:,}: "
            f"about {_mb(need_disk)} of disk is needed and {where} has {_mb(free_disk)} free; "
            "choose smaller sizes"
        )
    need_memory = MEMORY_BASE_BYTES + size.volunteers * MEMORY_BYTES_PER_VOLUNTEER
    available = available_memory()
    if available is not None and need_memory > available:
        raise BenchError(
            f"--volunteers {size.volunteers:,}: the directory needs about {_mb(need_memory)} of memory "
            f"and {_mb(available)} is available; choose a smaller size"
        )


# ── Filling the database ───────────────────────────────────────────────────────────────────────


def write_alumni_csv(path: Path, rows: int, rng: random.Random) -> None:
    from coffeechat.community.alumni_files import FIELDS
    from coffeechat.community.directory_sample import CITIES, ROLES, SCHOOLS
    from coffeechat.network.sample import FIRST_NAMES, LAST_NAMES, ORG_KINDS, ORG_WORDS

    industries = list(ROLES)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS.values())
        for n in range(rows):
            first, last, industry = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.choice(industries)
            writer.writerow(
                [
                    f"{first} {last}",
                    f"{first}.{last}.{n}@alumni.example.org".lower(),
                    rng.choice(ROLES[industry]),
                    f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}",
                    industry,
                    rng.choice(CITIES),
                    rng.choice(SCHOOLS),
                    rng.randint(1960, 2025),
                ]
            )


def load_alumni(rows: int, folder: Path, progress: Callable[[str], None]) -> dict[str, Any]:
    """The real loader (the page's and `community alumni load`'s) over a generated CSV file."""
    from coffeechat.community import alumni
    from coffeechat.community.alumni_files import open_alumni_file, suggested_mapping

    path = folder / "alumni.csv"
    write_alumni_csv(path, rows, random.Random(14))
    before = _peak_rss()
    found = open_alumni_file(path, path.name, max_bytes=1 << 40)
    result = alumni.load_alumni(found, suggested_mapping(found.columns))
    peak = _peak_rss()
    path.unlink()
    progress(f"loaded {result.added:,} alumni records in {result.seconds:.0f} s")
    return {
        "rows": rows,
        "added": result.added,
        "seconds": round(result.seconds, 1),
        "rows_per_second": round(rows / max(result.seconds, 1e-6)),
        "peak_rss_mb": round(peak / 1024 / 1024),
        "peak_above_start_mb": round(max(peak - before, 0) / 1024 / 1024),
    }


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux counts in KiB


def make_members(count: int, active: int, progress: Callable[[str], None]) -> list[User]:
    """`count` member accounts with one precomputed password hash; the first `active` also have a
    pitch and explorations, so they can ask. Returns the active ones."""
    from coffeechat.community.directory_sample import EXPLORATIONS
    from coffeechat.community.models import Membership
    from coffeechat.explore.models import Exploration
    from coffeechat.outreach.models import Profile

    password = make_password(PASSWORD)
    started = time.perf_counter()
    active_users: list[User] = []
    for first in range(0, count, BATCH):
        with transaction.atomic():
            made = User.objects.bulk_create(
                User(username=f"{MEMBER}{n}", password=password)
                for n in range(first, min(count, first + BATCH))
            )
            Membership.objects.bulk_create(
                Membership(
                    user=u,
                    display_name=f"Member {u.username[len(MEMBER) :]}",
                    email=f"{u.username}@example.org",
                    unsubscribe_token=secrets.token_urlsafe(24),
                )
                for u in made
            )
            asking = made[: max(0, active - first)]
            Profile.objects.bulk_create(
                Profile(owner=u, full_name=f"Member {u.username[len(MEMBER) :]}", pitch=PITCH) for u in asking
            )
            Exploration.objects.bulk_create(
                Exploration(owner=u, text=text)
                for n, u in enumerate(asking)
                for text in (EXPLORATIONS if n == 0 else [EXPLORATIONS[n % len(EXPLORATIONS)]])
            )
            active_users += asking
    progress(f"made {count:,} members in {time.perf_counter() - started:.0f} s")
    return active_users


def request_throughput(asking: list[User], volunteer_ids: list[int]) -> dict[str, Any]:
    """Each member asks three different volunteers through `send_request` (locks and rule checks
    included); only the calls are timed, the drafts are written before."""
    from coffeechat.community import requests
    from coffeechat.community.models import VolunteerProfile
    from coffeechat.explore.models import Exploration

    profiles = VolunteerProfile.objects.in_bulk(volunteer_ids)
    work = []
    for n, member in enumerate(asking):
        exploration = Exploration.objects.filter(owner=member).first()
        for profile_id in volunteer_ids[n * 3 : n * 3 + 3]:
            profile = profiles[profile_id]
            work.append((member, profile, exploration, requests.draft_message(member, profile, exploration)))
    sent = refused = 0
    times = []
    started = time.perf_counter()
    for member, profile, exploration, message in work:
        began = time.perf_counter()
        try:
            requests.send_request(member, profile, exploration, message)
            sent += 1
        except requests.Refused:
            refused += 1
        times.append((time.perf_counter() - began) * 1000)
    seconds = time.perf_counter() - started
    return {
        "requests": len(work),
        "sent": sent,
        "refused": refused,
        "seconds": round(seconds, 2),
        "per_second": round(len(work) / max(seconds, 1e-6), 1),
        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
    }


def build(
    size: Size, requests: int, clients: int, folder: Path, progress: Callable[[str], None]
) -> tuple[dict[str, Any], Plan]:
    """Fill the current (throwaway) database; what was measured while filling, and the clients' plan."""
    from coffeechat.community.access import the_community
    from coffeechat.community.directory_sample import make_volunteers
    from coffeechat.community.models import VolunteerProfile

    figures: dict[str, Any] = {}
    the_community()
    # First, so the process's peak memory is the loader's and not the embedding model's.
    figures["alumni_load"] = load_alumni(size.alumni, folder, progress) if size.alumni else None
    started = time.perf_counter()
    make_volunteers(size.volunteers, prefix="bench-volunteer-")
    figures["volunteers_seconds"] = round(time.perf_counter() - started, 1)
    progress(f"made {size.volunteers:,} volunteers with vectors in {figures['volunteers_seconds']:.0f} s")
    askers = math.ceil(requests / 3)
    active = make_members(size.members, askers + clients, progress)
    volunteer_ids = list(VolunteerProfile.objects.order_by("pk").values_list("pk", flat=True))
    figures["request_creation"] = request_throughput(active[:askers], volunteer_ids[: askers * 3])
    made = figures["request_creation"]
    progress(f"sent {made['requests']} requests at {made['per_second']}/s")
    timed = active[askers : askers + clients]
    from coffeechat.explore.models import Exploration

    explorations: dict[str, list[int]] = {u.username: [] for u in timed}
    for owner, pk in (
        Exploration.objects.filter(owner__in=timed).order_by("pk").values_list("owner__username", "pk")
    ):
        explorations[owner].append(pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plan = Plan([u.username for u in timed], explorations, volunteer_ids[askers * 3 :] or volunteer_ids)
    return figures, plan


# ── Where it lives ─────────────────────────────────────────────────────────────────────────────


@contextmanager
def throwaway_target(size: Size, progress: Callable[[str], None]) -> Iterator[tuple[Target, Path]]:
    """A new database (and a temporary folder) the server will run on, removed on the way out."""
    vendor = connection.vendor
    settings_dict = connection.settings_dict
    real_name = settings_dict["NAME"]
    folder = Path(tempfile.mkdtemp(prefix="coffeechat-bench-community-"))
    made: str | None = None
    try:
        if vendor == "sqlite":
            name = str(folder / SQLITE_FILENAME)
        else:
            name = f"{real_name}_community_{secrets.token_hex(3)}"
        check_room(size, folder, vendor)
        target = Target(folder, vendor, name, {**_server_env(folder, name), "COFFEECHAT_COMMUNITY": "true"})
        connection.close()
        settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": name}
        made = name  # from here on it goes on the way out, half-made or not
        try:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        except Exception as exc:
            raise BenchError(f"cannot create a throwaway database beside {real_name}: {exc}") from None
        progress(f"building in {name}")
        yield target, folder
    finally:
        connection.close()
        settings_dict["NAME"] = real_name
        if made is not None:
            _drop(vendor, made)
        shutil.rmtree(folder, ignore_errors=True)


# ── Over HTTP ──────────────────────────────────────────────────────────────────────────────────


def directory_paths(plan: Plan) -> tuple[list[str], list[str]]:
    """Searches (words, words with filters, filters only) and rankings for the first client's explorations."""
    from coffeechat.community.directory_sample import FILTERS, QUERIES

    searches = [{"q": q} for q in QUERIES] + [
        {"q": q, **f} for q, f in zip(QUERIES, FILTERS * 4, strict=False)
    ]
    searches += [dict(f) for f in FILTERS]
    ranked = [{"exploration": pk} for pk in plan.explorations[plan.members[0]]]
    return (
        [f"/community/directory/?{urlencode(p)}" for p in searches],
        [f"/community/directory/?{urlencode(p)}" for p in ranked],
    )


def timed_gets(client: Client, paths: list[str], rounds: int) -> dict[str, Any]:
    client.request("GET", paths[0])  # the first since the server started is not the steady state
    times, errors = [], 0
    for n in range(rounds):
        began = time.perf_counter()
        status, _ = client.request("GET", paths[n % len(paths)])
        times.append((time.perf_counter() - began) * 1000)
        errors += status != 200
    return {
        "requests": rounds,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "errors": errors,
    }


def ask(client: Client, volunteer: int, exploration: int) -> tuple[bool, list[int]]:
    """The asking page, then the request sent from its drafted message; withdrawn again when sent,
    so the member's open requests stay under the cap. Whether it was sent, and every answer's status."""
    path = f"/community/volunteers/{volunteer}/ask/"
    status, page = client.request("GET", path)
    statuses = [status]
    token, message = TOKEN.search(page), MESSAGE.search(page)
    if status != 200 or not token or not message:
        return False, statuses
    origin = f"http://127.0.0.1:{client.port}"
    form = {
        "csrfmiddlewaretoken": token[1],
        "exploration": exploration,
        "message": html.unescape(message[1]).strip(),
    }
    status, _ = client.request("POST", path, urlencode(form), {"Referer": origin + path, "Origin": origin})
    statuses.append(status)
    if status == 302:
        # Members here volunteer for no one: the list's first request is the one just sent.
        status, page = client.request("GET", "/community/requests/")
        statuses.append(status)
        sent = re.search(r'href="/community/requests/(\d+)/"', page)
        if sent:
            withdraw = f"/community/requests/{sent[1]}/withdraw/"
            status, _ = client.request(
                "POST",
                withdraw,
                urlencode({"csrfmiddlewaretoken": token[1]}),
                {"Referer": origin + withdraw, "Origin": origin},
            )
            statuses.append(status)
    return True, statuses


def mixed_load(port: int, plan: Plan, clients: int, seconds: float, searches: list[str]) -> dict[str, Any]:
    """`clients` signed-in members at once, each asking every fourth turn and searching otherwise."""
    signed: list[Client | None] = [None] * clients
    failures: list[str] = []

    def sign_in(index: int) -> None:
        client = Client(port)
        try:
            client.sign_in(plan.members[index], PASSWORD)
            signed[index] = client
        except (BenchError, OSError, http.client.HTTPException) as exc:
            failures.append(str(exc))

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise BenchError(f"{len(failures)} of {clients} clients could not sign in: {failures[0]}")
    lock = threading.Lock()
    samples: dict[str, list[float]] = {"search": [], "request": []}
    errors = {"non_ok": 0, "exceptions": 0}
    counts = {"sent": 0, "refused": 0}
    stop_at = time.monotonic() + seconds

    def run(index: int) -> None:
        client = signed[index]
        assert client is not None
        exploration = plan.explorations[plan.members[index]][0]
        turn = 0
        while time.monotonic() < stop_at:
            kind = "request" if turn % 4 == 3 else "search"
            began = time.perf_counter()
            try:
                if kind == "search":
                    status, _ = client.request("GET", searches[(index + turn) % len(searches)])
                    statuses = [status]
                    sent = None
                else:
                    volunteer = plan.free_volunteers[(index + clients * turn) % len(plan.free_volunteers)]
                    sent, statuses = ask(client, volunteer, exploration)
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    samples[kind].append(elapsed)
                    errors["non_ok"] += sum(s not in (200, 302) for s in statuses)
                    if sent is not None:
                        counts["sent" if len(statuses) > 2 else "refused"] += 1
            except (http.client.HTTPException, OSError):
                with lock:
                    errors["exceptions"] += 1
            turn += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for client in signed:
        if client is not None:
            client.close()
    every = samples["search"] + samples["request"]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "operations": len(every),
        "per_second": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every), 1) if every else None,
        "p95_ms": round(percentile(every, 0.95), 1) if every else None,
        "search_p95_ms": round(percentile(samples["search"], 0.95), 1) if samples["search"] else None,
        "request_p95_ms": round(percentile(samples["request"], 0.95), 1) if samples["request"] else None,
        "requests_sent": counts["sent"],
        "requests_refused": counts["refused"],
        **errors,
    }


def run_community_bench(
    size: Size,
    *,
    requests: int,
    searches: int,
    clients: int,
    seconds: float,
    progress: Callable[[str], None],
    workers: int | None = None,
) -> dict[str, Any]:
    with stopping_on_sigterm(), throwaway_target(size, progress) as (target, folder):
        began = time.perf_counter()
        figures, plan = build(size, requests, clients, folder, progress)
        build_seconds = round(time.perf_counter() - began, 1)
        connection.close()  # the server has the database to itself while timed
        with running_server(target, progress, workers) as (port, _pid):
            one = Client(port)
            try:
                one.sign_in(plan.members[0], PASSWORD)
                search_paths, ranked_paths = directory_paths(plan)
                search = timed_gets(one, search_paths, searches)
                progress(f"directory search p95 {search['p95_ms']} ms")
                ranked = timed_gets(one, ranked_paths, searches)
                progress(f"ranked for an exploration p95 {ranked['p95_ms']} ms")
            finally:
                one.close()
            together = mixed_load(port, plan, clients, seconds, search_paths) if seconds > 0 else None
    return {
        "database": target.vendor,
        **size.as_dict(),
        "cores": os.cpu_count(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "build_seconds": build_seconds,
        "workers": workers or "serve's default",
        **figures,
        "directory_search": {**search, "target_p95_ms": 300},
        "ranked_for_exploration": {**ranked, "target_p95_ms": 500},
        "together": together,
    }


def report_lines(result: dict[str, Any]) -> list[str]:
    """The figures in words, for the terminal."""
    lines = [
        f"{result['alumni']:,} alumni records, {result['volunteers']:,} volunteers, "
        f"{result['members']:,} members on {result['database']} ({result['cores']} cores, server workers: "
        f"{result['workers']}; built in {result['build_seconds']:.0f} s; load average "
        f"{' '.join(map(str, result['load_average']))})"
    ]
    load = result["alumni_load"]
    if load:
        lines.append(
            f"alumni load: {load['rows']:,} rows in {load['seconds']} s ({load['rows_per_second']:,}/s), "
            f"peak memory {load['peak_rss_mb']} MB ({load['peak_above_start_mb']} MB above the start)"
        )
    made = result["request_creation"]
    lines.append(
        f"request creation: {made['requests']} through send_request at {made['per_second']}/s "
        f"(p95 {made['p95_ms']} ms; {made['refused']} refused)"
    )
    for key, what in (
        ("directory_search", "directory search"),
        ("ranked_for_exploration", "ranked for an exploration"),
    ):
        t = result[key]
        verdict = "within" if t["p95_ms"] < t["target_p95_ms"] else "OVER"
        lines.append(
            f"{what}, one client: p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms ({verdict} the "
            f"{t['target_p95_ms']} ms target), {t['errors']} errors"
        )
    together = result["together"]
    if together:
        lines.append(
            f"{together['clients']} clients for {together['seconds']} s: "
            f"{together['per_second']} operations/s, "
            f"p95 {together['p95_ms']} ms (searches {together['search_p95_ms']} ms, requests "
            f"{together['request_p95_ms']} ms), {together['requests_sent']} requests sent and withdrawn, "
            f"{together['requests_refused']} refused, errors: {together['non_ok']} answers, "
            f"{together['exceptions']} exceptions"
        )
    return lines


# ── The command's options ──────────────────────────────────────────────────────────────────────


def add_arguments(parser: Any) -> None:
    parser.add_argument("--alumni", type=int, default=1_000_000, help="alumni records (default 1000000)")
    parser.add_argument("--volunteers", type=int, default=50_000, help="volunteers (default 50000)")
    parser.add_argument("--members", type=int, default=100_000, help="members (default 100000)")
    parser.add_argument(
        "--requests", type=int, default=900, help="requests sent through send_request (default 900)"
    )
    parser.add_argument(
        "--searches", type=int, default=100, help="directory pages timed with one client (default 100)"
    )
    parser.add_argument("--clients", type=int, default=50, help="signed-in clients at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds of them at once (default 60)")
    parser.add_argument("--workers", type=int, help="the server's worker processes (default: serve's)")


def run_from_options(options: dict[str, Any], progress: Callable[[str], None]) -> dict[str, Any]:
    """Checks the options (a BenchError names the one at fault), then runs the bench."""
    size = Size(options["alumni"], options["volunteers"], options["members"])
    if size.alumni < 0:
        raise BenchError("--alumni must be 0 or more")
    if options["clients"] < 1 or options["searches"] < 1 or options["requests"] < 0 or options["seconds"] < 0:
        raise BenchError("--clients and --searches must be at least 1, --requests and --seconds 0 or more")
    if options["workers"] is not None and not 0 < options["workers"] <= 64:
        raise BenchError(f"--workers: {options['workers']} is not between 1 and 64")
    askers = math.ceil(options["requests"] / 3)
    if size.members < askers + options["clients"]:
        raise BenchError(
            f"--members must be at least {askers + options['clients']}: one for each client and one for "
            "every three --requests"
        )
    if size.volunteers < askers * 3 + 1:
        raise BenchError(
            f"--volunteers must be at least {askers * 3 + 1}: three for each asking member and more"
        )
    return run_community_bench(
        size,
        requests=options["requests"],
        searches=options["searches"],
        clients=options["clients"],
        seconds=options["seconds"],
        progress=progress,
        workers=options["workers"],
    )
