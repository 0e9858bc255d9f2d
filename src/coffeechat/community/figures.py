"""The staff dashboard's figures, counted in the database (one aggregate query per table, never a
loop over requests in Python) and read only from community tables: requests, volunteer profiles,
memberships. A member's own records (people, notes, reflections) are never read here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from coffeechat.community import dashboard
from coffeechat.community.models import Request, VolunteerProfile

Status = Request.Status
LISTED_AT_MOST = 50  # volunteers named in each load list; the rest are counted


@dataclass(frozen=True)
class Totals:
    sent: int
    open: int
    answered: int
    accepted: int
    declined: int
    expired: int
    withdrawn: int
    meetings_held: int
    median_answer: timedelta | None

    @property
    def answer_rate(self) -> float | None:
        return dashboard.rate(self.answered, self.sent)

    @property
    def acceptance_rate(self) -> float | None:
        return dashboard.rate(self.accepted, self.sent)

    @property
    def answer_percent(self) -> str:
        return dashboard.percent(self.answer_rate)

    @property
    def acceptance_percent(self) -> str:
        return dashboard.percent(self.acceptance_rate)

    @property
    def median_words(self) -> str:
        return dashboard.duration_words(self.median_answer)


@dataclass(frozen=True)
class Load:
    volunteer_id: int
    name: str
    headline: str
    asked_this_month: int
    cap: int


@dataclass(frozen=True)
class Figures:
    totals: Totals
    groups: list[dashboard.GroupFigures]
    months: list[dashboard.Month]
    volunteers: int
    overloaded: list[Load]
    overloaded_count: int
    never_asked: list[Load]
    never_asked_count: int


def _counts() -> dict[str, object]:
    return {
        "sent": Count("id"),
        "answered": Count("id", filter=Q(answered__isnull=False)),
        "accepted": Count("id", filter=Q(status=Status.ACCEPTED)),
        "declined": Count("id", filter=Q(status=Status.DECLINED)),
        "expired": Count("id", filter=Q(status=Status.EXPIRED)),
    }


def totals(now: datetime) -> Totals:
    counted = Request.objects.aggregate(
        **_counts(),
        open=Count("id", filter=Q(status=Status.OPEN)),
        withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN)),
        meetings_held=Count("id", filter=Q(status=Status.ACCEPTED, meeting_starts__lt=now)),
    )
    return Totals(**counted, median_answer=median_answer_time(counted["answered"]))


def median_answer_time(answered: int) -> timedelta | None:
    """The median of (answered - created), read as the one or two middle rows in the database's
    order: both engines, no list of every duration."""
    if not answered:
        return None
    waited = ExpressionWrapper(F("answered") - F("created"), output_field=DurationField())
    ordered = (
        Request.objects.filter(answered__isnull=False)
        .annotate(waited=waited)
        .order_by("waited", "id")
        .values_list("waited", flat=True)
    )
    low, high = dashboard.median_positions(answered)
    middle = list(ordered[low : high + 1])
    return middle[0] + (middle[-1] - middle[0]) / 2


def groups() -> list[dashboard.GroupFigures]:
    rows = (
        Request.objects.filter(member__membership__group__gt="")
        .values("member__membership__group")
        .annotate(people=Count("member", distinct=True), **_counts())
        .order_by()
    )
    return dashboard.groups_shown(
        dashboard.GroupFigures(
            group=row["member__membership__group"],
            people=row["people"],
            sent=row["sent"],
            answered=row["answered"],
            accepted=row["accepted"],
        )
        for row in rows
    )


def months(today: date) -> list[dashboard.Month]:
    rows = (
        Request.objects.annotate(month=TruncMonth("created")).values("month").annotate(**_counts()).order_by()
    )
    return dashboard.monthly(
        (
            dashboard.Month(
                month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
                sent=row["sent"],
                answered=row["answered"],
                accepted=row["accepted"],
                expired=row["expired"],
                declined=row["declined"],
            )
            for row in rows
            if row["month"] is not None
        ),
        last=today,
    )


def _loads(profiles: object) -> list[Load]:
    return [
        Load(
            p["id"],
            p["user__membership__display_name"] or "",
            p["headline"],
            p["this_month"],
            p["monthly_cap"],
        )
        for p in profiles  # type: ignore[attr-defined]
    ]


def figures(now: datetime | None = None) -> Figures:
    now = now or timezone.now()
    local = timezone.localtime(now)
    month_began = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    volunteers = VolunteerProfile.objects.annotate(
        this_month=Count("requests", filter=Q(requests__created__gte=month_began))
    )
    fields = ("id", "user__membership__display_name", "headline", "this_month", "monthly_cap")
    overloaded = volunteers.filter(this_month__gte=F("monthly_cap"))
    never = VolunteerProfile.objects.filter(listed=True).exclude(
        id__in=Request.objects.filter(volunteer__isnull=False).values("volunteer_id")
    )
    never_rows = never.annotate(this_month=Count("requests")).order_by("created", "id")
    return Figures(
        totals=totals(now),
        groups=groups(),
        months=months(local.date()),
        volunteers=VolunteerProfile.objects.count(),
        overloaded=_loads(overloaded.order_by("-this_month", "id").values(*fields)[:LISTED_AT_MOST]),
        overloaded_count=overloaded.count(),
        never_asked=_loads(never_rows.values(*fields)[:LISTED_AT_MOST]),
        never_asked_count=never.count(),
    )


def csv_rows(found: Figures) -> list[list[str]]:
    """The figures as rows of a CSV file: section, what, then the values."""
    t = found.totals
    rows: list[list[str]] = [["section", "what", "value", "", "", ""]]
    for label, value in (
        ("requests sent", t.sent),
        ("waiting for an answer", t.open),
        ("answered", t.answered),
        ("accepted", t.accepted),
        ("declined", t.declined),
        ("expired", t.expired),
        ("withdrawn", t.withdrawn),
        ("meetings held", t.meetings_held),
        ("answer rate", dashboard.percent(t.answer_rate)),
        ("acceptance rate", dashboard.percent(t.acceptance_rate)),
        (
            "median time to answer (hours)",
            "" if t.median_answer is None else f"{t.median_answer / timedelta(hours=1):.1f}",
        ),
        ("volunteers", found.volunteers),
        ("volunteers at or over their cap this month", found.overloaded_count),
        ("listed volunteers never asked", found.never_asked_count),
    ):
        rows.append(["totals", label, str(value), "", "", ""])
    rows.append(["groups", "group", "people", "sent", "answer rate", "acceptance rate"])
    rows.extend(["groups", *group.cells()] for group in found.groups)
    rows.append(["months", "month", "sent", "answered", "accepted", "expired"])
    rows.extend(
        ["months", f"{m.month:%Y-%m}", str(m.sent), str(m.answered), str(m.accepted), str(m.expired)]
        for m in found.months
    )
    return rows
