"""The built-in periodic runner: each job once per period, however many runners at once."""

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection

from coffeechat.core import periodic
from coffeechat.runs.models import PeriodicRun
from tests.community.test_scheduler import a_database_threads_share


def test_periods_start_on_the_hour_and_the_day_in_utc() -> None:
    moment = datetime(2026, 11, 29, 14, 37, 12, tzinfo=UTC)
    assert periodic.period_of(timedelta(hours=1), moment) == "2026-11-29T14:00"
    assert periodic.period_of(timedelta(minutes=1), moment) == "2026-11-29T14:37"
    assert periodic.period_of(timedelta(days=1), moment) == "2026-11-29T00:00"
    with pytest.raises(ValueError, match="at most once a minute"):
        periodic.register("too_often", timedelta(seconds=5), lambda: None)


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_run_a_job_once_a_period(tmp_path: Path) -> None:
    calls: list[str] = []
    ran = threading.Event()

    def work() -> None:
        calls.append(threading.current_thread().name)
        ran.set()

    job = periodic.Job("count", timedelta(hours=1), work)
    with a_database_threads_share(tmp_path):
        runners = [periodic.Runner(tick=0.05, jobs=(job,)) for _ in range(2)]
        for runner in runners:
            runner.start()
        assert ran.wait(10)
        threading.Event().wait(0.5)  # several passes of both runners within the hour
        for runner in runners:
            runner.stop()
        connection.close()
    assert len(calls) == 1
    [run] = PeriodicRun.objects.filter(job="count")
    assert run.outcome == "done" and run.finished is not None


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run() -> None:
    def broken() -> None:
        raise RuntimeError("the mail server is away")

    jobs = (
        periodic.Job("broken", timedelta(hours=1), broken),
        periodic.Job("fine", timedelta(hours=1), print),
    )
    now = datetime(2026, 11, 29, 14, 5, tzinfo=UTC)
    assert periodic.run_due(now, jobs) == ["broken", "fine"]
    assert periodic.run_due(now + timedelta(minutes=30), jobs) == []
    assert PeriodicRun.objects.get(job="broken").outcome == "failed: RuntimeError: the mail server is away"
    assert periodic.run_due(now + timedelta(hours=1), jobs) == ["broken", "fine"]


def test_serve_starts_no_runner_when_turned_off(settings: object) -> None:
    settings.PERIODIC = False  # type: ignore[attr-defined]
    assert periodic.start() is None
