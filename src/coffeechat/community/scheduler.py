"""The community's scheduled work, run by `coffeechat community worker` (every minute).

Jobs: unanswered requests reminded then expired (every minute: one indexed query finds the due
ones), the open requests of a paused or full volunteer declined for them (hourly: it looks at
every volunteer with a request waiting), waiting notices mailed (every minute), the daily digests
(once a day, from DIGEST_HOUR local time), and old job records forgotten (daily).

Several workers and several servers may run this against one database. Before a job runs for a
period ("2026-11-29T14" for an hourly one) its (job, period) row is inserted in JobRun, whose
unique constraint lets exactly one worker in: the others get an IntegrityError and skip it.
Every job is also idempotent on its own: each change is a conditional UPDATE (still open, not yet
reminded, not yet sent), so running a job twice, or a late run catching up on a missed period,
changes nothing more. A job that fails is recorded with its error; the next period catches up.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from coffeechat.community import mailing
from coffeechat.community.access import the_community
from coffeechat.community.models import JobRun, Notice, Request, VolunteerProfile
from coffeechat.community.requests import month_start
from coffeechat.community.rules import Rules, next_step
from coffeechat.core.periodic import claimed

log = logging.getLogger(__name__)

DIGEST_HOUR = 8  # local time: the daily digest goes with the first pass after it
KEEP_RUNS = timedelta(days=30)
NO_ANSWER = "no_answer"
CHUNK = 500  # requests moved in one transaction
PAUSED = "paused"
FULL = "full"


def rules_now() -> Rules:
    community = the_community()
    return Rules(
        open_requests_per_member=community.open_requests_per_member,
        remind_after=timedelta(days=community.remind_after_days),
        expire_after_reminder=timedelta(days=community.expire_after_days),
    )


def others_url(request: Request) -> str:
    """The directory, ranked for the exploration the member asked about."""
    query = f"?exploration={request.exploration_id}" if request.exploration_id else ""
    return f"{mailing.site_url()}/community/directory/{query}"


def _reminder(request: Request, volunteer_user_id: int, now: datetime, rules: Rules) -> Notice:
    days = (now - request.created).days
    return Notice(
        recipient_id=volunteer_user_id,
        kind=Notice.Kind.REMINDER,
        request=request,
        subject=f"A request has waited {days} days for your answer",
        body=f"A member asked you {days} days ago about “{request.exploration_text}”. Could you accept "
        f"or decline it? A short no is kind too. Without an answer it closes in "
        f"{rules.expire_after_reminder.days} days.",
    )


def _expiry(request: Request) -> Notice:
    return Notice(
        recipient_id=request.member_id,
        kind=Notice.Kind.EXPIRED,
        request=request,
        subject=f"Your request to {request.volunteer_name} has closed",
        body=f"{request.volunteer_name} could not answer your request about “{request.exploration_text}” "
        f"in time, so it has closed. Volunteers get busy; it says nothing about you. Others who could "
        f"help: {others_url(request)}",
    )


def remind_and_expire(now: datetime) -> str:
    """One reminder to the volunteer after `remind_after`; after the reminder's wait the request
    expires and the member is told, with other volunteers for the same exploration.

    A chunk of due requests at a time, in one transaction: the rows are locked and read again
    (on PostgreSQL FOR UPDATE; SQLite's write lock is taken up front), so a volunteer's answer or
    another run in between is seen, and each request moves once."""
    rules = rules_now()
    waiting = Request.objects.filter(status=Request.Status.OPEN, volunteer__isnull=False)
    due = waiting.filter(reminded__isnull=True, created__lte=now - rules.remind_after) | waiting.filter(
        reminded__lte=now - rules.expire_after_reminder
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    reminded = expired = 0
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            chunk = list(waiting.select_for_update().filter(pk__in=ids[start : start + CHUNK]))
            profiles = VolunteerProfile.objects.filter(pk__in={r.volunteer_id for r in chunk})
            users = dict(profiles.values_list("pk", "user_id"))
            steps = {r.pk: next_step(r.created, r.reminded, now, rules) for r in chunk}
            to_remind = [r for r in chunk if steps[r.pk] == "remind"]
            to_expire = [r for r in chunk if steps[r.pk] == "expire"]
            Request.objects.filter(pk__in=[r.pk for r in to_remind]).update(reminded=now)
            Request.objects.filter(pk__in=[r.pk for r in to_expire]).update(
                status=Request.Status.EXPIRED, closed_reason=NO_ANSWER
            )
            Notice.objects.bulk_create(
                [_reminder(r, users[r.volunteer_id], now, rules) for r in to_remind]  # type: ignore[index]
                + [_expiry(r) for r in to_expire]
            )
            reminded, expired = reminded + len(to_remind), expired + len(to_expire)
    return f"{reminded} reminded, {expired} expired"


def decline_for_unavailable(now: datetime) -> str:
    """A paused volunteer's open requests, and a full one's beyond the monthly cap (in order of
    arrival, so declining one never makes room for a later one to be declined), are declined for
    them, and each member is told kindly with others to ask."""
    today = timezone.localdate(now)
    began = month_start(today)  # what a volunteer's cap counts from, as requests.py counts it
    declined = 0
    open_requests = Request.objects.filter(status=Request.Status.OPEN)
    this_month = Request.objects.filter(volunteer_id=OuterRef("pk"), created__gte=began)
    month_count = this_month.values("volunteer_id").annotate(n=Count("pk")).values("n")
    # One query finds who needs anything: volunteers with a request waiting, paused or over the cap.
    unavailable = (
        VolunteerProfile.objects.filter(Exists(open_requests.filter(volunteer_id=OuterRef("pk"))))
        .annotate(month=Coalesce(Subquery(month_count), 0))
        .filter(Q(paused_until__gte=today) | Q(month__gt=F("monthly_cap")))
        .order_by("pk")
    )
    for profile in unavailable:
        with transaction.atomic():  # the volunteer's requests locked and read again, then closed
            waiting = open_requests.select_for_update().filter(volunteer=profile)
            if profile.paused_until is not None and profile.paused_until >= today:
                chosen, reason = list(waiting), PAUSED
                why = f"is taking a break until {profile.paused_until:%-d %B}"
            else:
                arrived = Request.objects.filter(volunteer=profile, created__gte=began).order_by(
                    "created", "pk"
                )
                beyond = set(arrived[profile.monthly_cap :].values_list("pk", flat=True))
                chosen, reason = list(waiting.filter(pk__in=beyond)), FULL
                why = "has had more requests this month than they can give time to"
            Request.objects.filter(pk__in=[r.pk for r in chosen]).update(
                status=Request.Status.DECLINED, closed_reason=reason, answered=now
            )
            Notice.objects.bulk_create(
                Notice(
                    recipient_id=r.member_id,
                    kind=Notice.Kind.DECLINED,
                    request=r,
                    subject=f"{r.volunteer_name} can't take your request this time",
                    body=f"{r.volunteer_name} {why}, so your request about “{r.exploration_text}” was "
                    f"closed for them, kindly. It says nothing about you or your message. Others who "
                    f"could help: {others_url(r)}",
                )
                for r in chosen
            )
            declined += len(chosen)
    return f"{declined} declined"


def send_notices(now: datetime) -> str:
    return str(mailing.send_pending(now))


def send_digests(now: datetime) -> str:
    return str(mailing.send_digests(now))


def forget_old_runs(now: datetime) -> str:
    deleted, _ = JobRun.objects.filter(started__lt=now - KEEP_RUNS).delete()
    return f"{deleted} old runs forgotten"


def every_minute(now: datetime) -> str | None:
    return f"{timezone.localtime(now):%Y-%m-%dT%H:%M}"


def hourly(now: datetime) -> str | None:
    return f"{timezone.localtime(now):%Y-%m-%dT%H}"


def daily_from_digest_hour(now: datetime) -> str | None:
    local = timezone.localtime(now)
    return f"{local:%Y-%m-%d}" if local.hour >= DIGEST_HOUR else None


@dataclass(frozen=True)
class Job:
    name: str
    period: Callable[[datetime], str | None]  # None: not due now
    work: Callable[[datetime], str]  # what it did, in a few words


# In order: the requests' notices are written before the pass mails them.
JOBS = (
    Job("remind_and_expire", every_minute, remind_and_expire),
    Job("decline_for_unavailable", hourly, decline_for_unavailable),
    Job("send_notices", every_minute, send_notices),
    Job("send_digests", daily_from_digest_hour, send_digests),
    Job("forget_old_runs", daily_from_digest_hour, forget_old_runs),
)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def claim(job: str, period: str, now: datetime) -> JobRun | None:
    """This worker's run of `job` for `period`, or None when another worker or server has it."""
    return claimed(
        lambda: JobRun.objects.create(job=job, period=period, claimed_by=worker_name(), started=now)
    )


@dataclass(frozen=True)
class Ran:
    job: str
    period: str
    outcome: str
    failed: bool = False


def run_due(now: datetime, jobs: tuple[Job, ...] = JOBS) -> list[Ran]:
    """Every job due at `now` that no other worker has claimed for its period, once."""
    done: list[Ran] = []
    for job in jobs:
        period = job.period(now)
        if period is None:
            continue
        run = claim(job.name, period, now)
        if run is None:
            continue
        failed = False
        try:
            outcome = job.work(now)
        except Exception as error:  # recorded, and the next period catches up
            log.exception("community job %s (%s) failed", job.name, period)
            outcome, failed = f"failed: {type(error).__name__}: {error}", True
        JobRun.objects.filter(pk=run.pk).update(finished=timezone.now(), outcome=outcome[:2000])
        done.append(Ran(job.name, period, outcome, failed))
    return done
