"""Work that runs by itself while `serve` runs: the daily digest, the mailbox sync, ...

Apps register jobs in their `ready()`: `register("digest", timedelta(hours=1), send_due_digests)`.
`serve` starts one runner per worker process, after the fork (a thread does not survive a fork,
and the parent never serves), or in its one process with waitress; nothing starts it during
tests unless a test does. The runner wakes every minute and runs each job whose period has begun.

Several workers, and several servers on one database, run the same jobs. Before a job runs for a
period (its start, "2026-11-29T14:00" for an hourly one, in UTC) its (job, period) row is inserted
in PeriodicRun, whose unique constraint lets exactly one runner in; the others skip it, as the
community's scheduler does (community/scheduler.py). A job that fails is logged and recorded with
its error; the next period runs it again. COFFEECHAT_PERIODIC=false turns the runner off.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from coffeechat.core import clock

log = logging.getLogger(__name__)

T = TypeVar("T")
TICK = 60  # seconds between passes
KEEP_RUNS = timedelta(days=30)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], None]


_jobs: dict[str, Job] = {}


def register(name: str, every: timedelta, run: Callable[[], None]) -> None:
    """Run `run` once per `every` (at least a minute) across every worker and server."""
    if every < timedelta(minutes=1):
        raise ValueError(f"{name}: a periodic job runs at most once a minute")
    _jobs[name] = Job(name[:50], every, run)


def registered() -> tuple[Job, ...]:
    return tuple(_jobs.values())


def period_of(every: timedelta, now: datetime) -> str:
    """The start of the period `now` falls in, periods counted from the Unix epoch in UTC."""
    seconds = int(every.total_seconds())
    start = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:%M")


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def claimed(create: Callable[[], T]) -> T | None:
    """The row `create` inserts, or None when its unique constraint says another process has it.
    In a savepoint, so it works inside a caller's transaction too."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        return None


def claim(job: str, period: str, now: datetime) -> int | None:
    """The id of this runner's claim on `job` for `period`, or None when another runner has it."""
    from coffeechat.runs.models import PeriodicRun

    run = claimed(
        lambda: PeriodicRun.objects.create(job=job, period=period, claimed_by=runner_name(), started=now)
    )
    return None if run is None else run.pk


def run_due(now: datetime | None = None, jobs: tuple[Job, ...] | None = None) -> list[str]:
    """Each job whose current period no runner has claimed, once; the names of those run."""
    from coffeechat.runs.models import PeriodicRun

    now = now or clock.now()
    done = []
    for job in registered() if jobs is None else jobs:
        claimed = claim(job.name, period_of(job.every, now), now)
        if claimed is None:
            continue
        outcome = "done"
        try:
            job.run()
        except Exception as error:  # recorded; the next period runs it again
            log.exception("periodic job %s failed", job.name)
            outcome = f"failed: {type(error).__name__}: {error}"
        PeriodicRun.objects.filter(pk=claimed).update(finished=timezone.now(), outcome=outcome[:2000])
        done.append(job.name)
    return done


def forget_old_runs() -> None:
    from coffeechat.runs.models import PeriodicRun

    PeriodicRun.objects.filter(started__lt=timezone.now() - KEEP_RUNS).delete()


register("forget_old_runs", timedelta(days=1), forget_old_runs)


class Runner:
    """A daemon thread that runs the due jobs every minute until stopped."""

    def __init__(self, tick: float = TICK, jobs: tuple[Job, ...] | None = None) -> None:
        self.tick, self.jobs = tick, jobs
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="coffeechat-periodic", daemon=True)

    def start(self) -> Runner:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                run_due(jobs=self.jobs)
            except Exception:  # the database away for a moment: try again next minute
                log.exception("periodic jobs could not run")
            finally:
                connections.close_all()  # this thread's own connections
            self.stopping.wait(self.tick)


_started: dict[int, Runner] = {}  # per process id: a forked worker starts its own


def start() -> Runner | None:
    """This process's runner, started once (None when COFFEECHAT_PERIODIC is off)."""
    if not settings.PERIODIC:
        return None
    pid = os.getpid()
    if pid not in _started:
        _started[pid] = Runner().start()
    return _started[pid]
