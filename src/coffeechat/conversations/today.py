"""What is due today and overdue: the list on the home page and `coffeechat today`.

An item stays until it is done, snoozed to a date, or dismissed: each has a stable key, and the
user's decisions (`TodayDecision`) are kept under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from coffeechat.conversations import lifecycle
from coffeechat.conversations.cadence import check_in_due
from coffeechat.conversations.meetings import mark_past_meetings_held
from coffeechat.conversations.models import (
    GiveBack,
    Interaction,
    KeepInTouch,
    Meeting,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Reflection,
    TodayDecision,
)
from coffeechat.core import clock
from coffeechat.explore.models import Exploration
from coffeechat.explore.offlimits import off_limits_in
from coffeechat.network.models import Person
from coffeechat.outreach.rules import Thread, due_actions
from coffeechat.outreach.service import days_off, profile_for, rules_for

THANK_WITHIN = timedelta(hours=24)
REQUESTS = {"intro_request", "direct_request", "referred_request", "phone_script"}


@dataclass
class TodayItem:
    kind: str  # nudge, next_person, give_up, meeting, thank_you, thank_introducer, reflect, check_in
    due: date
    text: str
    person: Person
    exploration: Exploration | None = None
    url: str = ""
    key: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def overdue(self) -> bool:
        return self.due < clock.localdate()


@dataclass(frozen=True)
class Due:
    """One thing due, before anyone's name is read: what it is, when, and the ids it names.

    Working out what is due reads ids and dates only, so it stays cheap with hundreds of items;
    names, organizations and addresses are read (`describe`) for the items a page shows.
    """

    kind: str
    due: date
    key: str
    person_id: int  # whom the item asks the user to act on
    exploration_id: int | None = None
    about_id: int | None = None  # the person it is about, when that is someone else
    entry_id: int | None = None
    meeting_id: int | None = None
    starts: datetime | None = None  # a meeting today
    planned: bool = False


def due_items(user: AbstractBaseUser, today: date | None = None) -> list[Due]:
    """Everything due today or overdue, most urgent first, without what the user put off."""
    today = today or clock.localdate()
    mark_past_meetings_held(user)
    decisions = {d.key: d for d in TodayDecision.objects.filter(owner_id=user.pk)}
    record = _Record.read(user)
    found = (
        _follow_ups(user, today, record)
        + _meetings_and_thanks(user, today, record)
        + _check_ins(user, today, decisions, record)
    )
    shown = []
    for due in found:
        decision = decisions.get(due.key)
        if decision and (decision.dismissed or (decision.snoozed_until and decision.snoozed_until > today)):
            continue
        shown.append(due)
    return sorted(shown, key=lambda d: (d.due, d.kind, d.key))


def today_items(user: AbstractBaseUser, today: date | None = None) -> list[TodayItem]:
    return describe(due_items(user, today))


def describe(dues: list[Due]) -> list[TodayItem]:
    """The items as the user reads them, with names and addresses: four queries, however many."""
    people = Person.objects.select_related("organization").in_bulk(
        {d.person_id for d in dues} | {d.about_id for d in dues if d.about_id}
    )
    explorations = Exploration.objects.in_bulk({d.exploration_id for d in dues if d.exploration_id})
    return [_describe(d, people, explorations) for d in dues]


def _describe(due: Due, people: dict[int, Person], explorations: dict[int, Exploration]) -> TodayItem:
    person = people[due.person_id]
    about = people[due.about_id] if due.about_id else person
    exploration = explorations.get(due.exploration_id) if due.exploration_id else None

    def item(text: str, url: str = "", **extra: object) -> TodayItem:
        return TodayItem(due.kind, due.due, text, person, exploration, url, due.key, dict(extra))

    if due.kind == "nudge":
        url = _compose(about, "nudge", exploration) + (f"&via={person.pk}" if about.pk != person.pk else "")
        about_whom = f" about {about.name}" if about.pk != person.pk else ""
        return item(f"Send {person.name} one polite follow-up{about_whom}", url, entry=due.entry_id)
    if due.kind == "give_up":
        return item(
            f"No answer from {person.name}: let it rest", entry=due.entry_id, event=lifecycle.NO_ANSWER_EVENT
        )
    if due.kind == "next_person":
        text = f"No reply from {about.name} yet: ask {person.name}, also at {about.organization}"
        return item(text, person.get_absolute_url(), entry=due.entry_id)
    if due.kind == "meeting":
        assert due.starts is not None
        prepared = "your plan is ready" if due.planned else "no plan yet: prepare"
        at = f"{timezone.localtime(due.starts):%H:%M}"
        return item(
            f"Meeting with {person.name} at {at} ({prepared})",
            reverse("conversations:meeting", args=[due.meeting_id]),
        )
    if due.kind == "thank_you":
        url = _compose(person, "thank_you", exploration) + f"&meeting={due.meeting_id}"
        return item(f"Thank {person.name} (within 24 hours)", url)
    if due.kind == "thank_introducer":
        url = _compose(about, "thank_introducer", exploration) + f"&via={person.pk}&meeting={due.meeting_id}"
        return item(f"Thank {person.name} for the introduction to {about.name}, with an update", url)
    if due.kind == "reflect":
        return item(
            f"Write down your impressions of talking with {person.name}, while fresh",
            reverse("conversations:reflect", args=[due.meeting_id]),
        )
    return item(
        f"Check in with {person.name}: an update on where you are", _compose(person, "check_in", None)
    )


@dataclass
class _Record:
    """What Today reads once: the user's sent messages and held meetings, as ids and times.

    A few per conversation, never per person in the network; one query each, read as plain values
    (building model objects for hundreds of rows would cost more than the queries)."""

    sent: list[tuple[str, int, int | None, int | None, int | None, datetime]]  # kind, to, about, exploration,
    # meeting, when; and each held meeting: id, person, exploration, held, cancelled
    held: list[tuple[int, int, int | None, datetime, bool]]

    @classmethod
    def read(cls, user: AbstractBaseUser, person_ids: list[int] | None = None) -> _Record:
        sent = Message.objects.filter(owner_id=user.pk, sent__isnull=False)
        held = Meeting.objects.filter(owner_id=user.pk, held__isnull=False)
        if person_ids is not None:
            sent, held = sent.filter(person_id__in=person_ids), held.filter(person_id__in=person_ids)
        return cls(
            list(sent.values_list("kind", "person_id", "about_id", "exploration_id", "meeting_id", "sent")),
            [
                (*row[:4], row[4] is not None)
                for row in held.values_list("pk", "person_id", "exploration_id", "held", "cancelled")
            ],
        )


def _local_date() -> Callable[[datetime], date]:
    """The date in the user's time zone of a stored moment: `timezone.localdate`, with the zone
    looked up once rather than for each of hundreds of rows."""
    zone = timezone.get_current_timezone()
    return lambda moment: moment.astimezone(zone).date()


def _compose(person: Person, kind: str, exploration: Exploration | None) -> str:
    url = reverse("conversations:write", args=[person.pk]) + f"?kind={kind}"
    return url + (f"&exploration={exploration.pk}" if exploration else "")


@dataclass
class _Waiting:
    entry_id: int
    person_id: int
    exploration_id: int
    stage: str
    nudged: bool
    updated: datetime
    next_at_organization: int | None


def _threads(user: AbstractBaseUser, record: _Record) -> list[tuple[_Waiting, Thread, int]]:
    """Each waiting request with when it was asked and nudged, whom a nudge goes to (the
    introducer while an introduction is asked), and who else at their organization could be asked
    (`next_at_organization`, an id): one query, however many."""
    entries = [
        _Waiting(*row)
        for row in PipelineEntry.objects.filter(exploration__owner_id=user.pk, stage__in=lifecycle.WAITING)
        .annotate(next_at_organization=_next_at_same_organization())
        .values_list(
            "pk", "person_id", "exploration_id", "stage", "nudged", "updated", "next_at_organization"
        )
    ]
    asked: dict[tuple[int, int], datetime] = {}  # (person, exploration) -> last request
    nudges: dict[tuple[int, int], list[datetime]] = {}
    introducer: dict[tuple[int, int], tuple[datetime, int]] = {}  # -> (when asked, introducer id)
    for kind, person, about, exploration, _, when in record.sent:
        subject = about if kind in ("intro_request", "nudge") and about else person
        if kind in REQUESTS:
            key = (subject, exploration)
            asked[key] = max(asked.get(key, when), when)
            if kind == "intro_request" and about and (key not in introducer or introducer[key][0] < when):
                introducer[key] = (when, person)
        elif kind == "nudge":
            nudges.setdefault((subject, exploration), []).append(when)
    found = []
    for entry in entries:
        key = (entry.person_id, entry.exploration_id)
        requested = asked.get(key, entry.updated)
        nudged = max((n for n in nudges.get(key, []) if n >= requested), default=None)
        if nudged is None and entry.stage == lifecycle.INTRODUCTION_ASKED and entry.nudged:
            # The introducer answered (by hand, or their reply read from the mailbox): that is the
            # one follow-up; no nudge to them, and the request rests in time if nothing comes.
            nudged = entry.updated
        local = _local_date()
        thread = Thread(
            entry.person_id, entry.exploration_id, local(requested), local(nudged) if nudged else None
        )
        asked_of = introducer.get(key)
        waiting_on = entry.person_id
        if entry.stage == lifecycle.INTRODUCTION_ASKED and asked_of:
            waiting_on = asked_of[1]
        found.append((entry, thread, waiting_on))
    return found


def _follow_ups(user: AbstractBaseUser, today: date, record: _Record) -> list[Due]:
    profile = profile_for(user)
    rules, holidays = rules_for(profile), days_off(profile)
    found: list[Due] = []
    for entry, thread, recipient in _threads(user, record):
        person, exploration = entry.person_id, entry.exploration_id
        for action in due_actions(thread, today, rules, holidays):
            if action.kind == "nudge":
                about = person if recipient != person else None
                key = f"nudge:{entry.entry_id}"
                found.append(Due("nudge", action.due, key, recipient, exploration, about, entry.entry_id))
            elif action.kind == "give_up":
                key = f"give_up:{entry.entry_id}"
                found.append(Due("give_up", action.due, key, person, exploration, entry_id=entry.entry_id))
            elif entry.next_at_organization:
                found.append(
                    Due(
                        "next_person",
                        action.due,
                        f"next:{entry.entry_id}",
                        entry.next_at_organization,
                        exploration,
                        person,
                        entry.entry_id,
                    )
                )
    return found


def _next_at_same_organization() -> Subquery:
    """For a waiting request (the outer row), the person to ask next at the same organization: not
    on that exploration's list, not off-limits for it, the strongest tie first. As a subquery, so
    every request's answer comes in the one query that reads them."""
    exploration = OuterRef(OuterRef("exploration_id"))
    candidates = (
        Person.objects.filter(organization_id=OuterRef("person__organization_id"))
        .exclude(Exists(PipelineEntry.objects.filter(exploration_id=exploration, person_id=OuterRef("pk"))))
        .exclude(off_limits_in(exploration))
        .order_by("-tie_strength", "name_key")
    )
    return Subquery(candidates.values("pk")[:1])


def _meetings_and_thanks(user: AbstractBaseUser, today: date, record: _Record) -> list[Due]:
    found = []
    start_of_day = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    upcoming = (
        Meeting.objects.filter(
            owner_id=user.pk,
            cancelled__isnull=True,
            held__isnull=True,
            starts__gte=start_of_day,
            starts__lt=start_of_day + timedelta(days=1),
        )
        .annotate(planned=Exists(PlannedQuestion.objects.filter(meeting_id=OuterRef("pk"))))
        .values_list("pk", "person_id", "exploration_id", "starts", "planned")
    )
    for pk, person, exploration, starts, planned in upcoming:
        due = Due("meeting", today, f"meeting:{pk}", person, exploration, meeting_id=pk, starts=starts)
        found.append(replace(due, planned=planned))
    held = [row[:4] for row in record.held if not row[4]]
    reflected = set(
        Reflection.objects.filter(meeting__owner_id=user.pk, meeting__held__isnull=False).values_list(
            "meeting_id", flat=True
        )
    )
    thanks = [
        (k, p, a, m, when) for k, p, a, _, m, when in record.sent if k in ("thank_you", "thank_introducer")
    ]
    thanked_meetings = {m for kind, _, _, m, _ in thanks if kind == "thank_you" and m}
    thank_you_sent: dict[int, list[datetime]] = {}
    introducer_thanked: set[tuple[int, int]] = set()
    for kind, person, about, _, sent in thanks:
        if kind == "thank_you":
            thank_you_sent.setdefault(person, []).append(sent)
        elif about:
            introducer_thanked.add((person, about))
    introducers = _introducers(record)
    local = _local_date()
    for pk, person, exploration, ends in held:
        within = local(ends + THANK_WITHIN)
        done = pk in thanked_meetings or any(s >= ends for s in thank_you_sent.get(person, []))
        if not done:
            found.append(Due("thank_you", within, f"thank:{pk}", person, exploration, meeting_id=pk))
        introducer = introducers.get(person)
        if introducer is not None and (introducer, person) not in introducer_thanked:
            key = f"thank_introducer:{pk}"
            found.append(Due("thank_introducer", within, key, introducer, exploration, person, meeting_id=pk))
        if pk not in reflected:
            found.append(Due("reflect", local(ends), f"reflect:{pk}", person, exploration, meeting_id=pk))
    return found


def _introducers(record: _Record) -> dict[int, int]:
    """For each person the user asked to be introduced to, who was asked (the latest), by id."""
    asked = sorted(
        (when, about, to) for kind, to, about, _, _, when in record.sent if kind == "intro_request" and about
    )
    return {about: to for _, about, to in asked}


def keep_in_touch_dates(
    user: AbstractBaseUser, person_ids: list[int] | None = None
) -> dict[int, tuple[date, date]]:
    """For each person met: (first meeting, last interaction: a meeting, a message or a give-back)."""
    return _met(user, _Record.read(user, person_ids), person_ids)


def _met(
    user: AbstractBaseUser, record: _Record, person_ids: list[int] | None = None
) -> dict[int, tuple[date, date]]:
    local = _local_date()
    first: dict[int, date] = {}
    last: dict[int, date] = {}
    for _, pid, _, when, _ in record.held:
        day = local(when)
        first[pid] = min(first.get(pid, day), day)
        last[pid] = max(last.get(pid, day), day)
    if not first:
        return {}
    for _, pid, _, _, _, when in record.sent:
        if pid in last:
            last[pid] = max(last[pid], local(when))
    give_backs = GiveBack.objects.filter(owner_id=user.pk)
    if person_ids is not None:
        give_backs = give_backs.filter(person_id__in=person_ids)
    for pid, day in give_backs.values("person_id").annotate(last=Max("on")).values_list("person_id", "last"):
        if pid in last:
            last[pid] = max(last[pid], day)
    # Mail read from the mailbox and LinkedIn messages, either way, are interactions too.
    # Only for the people met (joined in the database: a list of hundreds of ids took longer to send).
    met = Meeting.objects.filter(owner_id=user.pk, held__isnull=False).values("person_id")
    said = Interaction.objects.filter(owner_id=user.pk, person_id__in=person_ids or met)
    for pid, when in said.values("person_id").annotate(last=Max("at")).values_list("person_id", "last"):
        if pid in last:
            last[pid] = max(last[pid], local(when))
    return {pid: (day, last[pid]) for pid, day in first.items()}


def _check_ins(
    user: AbstractBaseUser, today: date, decisions: dict[str, TodayDecision], record: _Record
) -> list[Due]:
    dates = _met(user, record)
    if not dates:
        return []
    settings_for = {k.person_id: k for k in KeepInTouch.objects.filter(owner_id=user.pk)}
    skipped: dict[int, set[date]] = {}
    for key, decision in decisions.items():
        if key.startswith("check_in:") and decision.dismissed:
            _, pid, day = key.split(":")
            skipped.setdefault(int(pid), set()).add(date.fromisoformat(day))
    found = []
    met = Meeting.objects.filter(owner_id=user.pk, held__isnull=False, person__sensitive=True)
    sensitive = set(met.values_list("person_id", flat=True))
    for pid, (first_met, last) in dates.items():
        own = settings_for.get(pid)
        if pid in sensitive or (own is not None and own.stopped):
            continue
        due = check_in_due(first_met, last, today, own.every_months if own else None, skipped.get(pid, set()))
        if due is not None:
            found.append(Due("check_in", due, f"check_in:{pid}:{due.isoformat()}", pid))
    return found


KIND_PLURALS = {
    "nudge": ("follow-up", "follow-ups"),
    "next_person": ("person to ask next", "people to ask next"),
    "give_up": ("request to let rest", "requests to let rest"),
    "meeting": ("meeting", "meetings"),
    "thank_you": ("thank-you", "thank-yous"),
    "thank_introducer": ("introducer to thank", "introducers to thank"),
    "reflect": ("reflection to write", "reflections to write"),
    "check_in": ("check-in", "check-ins"),
}


def counted(dues: list[Due]) -> str:
    """What these items are, in words, the most numerous kind first: '470 thank-yous, 3 check-ins'."""
    counts: dict[str, int] = {}
    for due in dues:
        counts[due.kind] = counts.get(due.kind, 0) + 1
    ordered = sorted(counts.items(), key=lambda kc: (-kc[1], list(KIND_PLURALS).index(kc[0])))
    return ", ".join(f"{n:,} {KIND_PLURALS[kind][n != 1]}" for kind, n in ordered)
