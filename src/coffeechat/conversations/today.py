"""What is due today and overdue: the list on the home page and `coffeechat today`.

An item stays until it is done, snoozed to a date, or dismissed: each has a stable key, and the
user's decisions (`TodayDecision`) are kept under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from coffeechat.conversations import lifecycle
from coffeechat.conversations.cadence import check_in_due
from coffeechat.conversations.meetings import mark_past_meetings_held
from coffeechat.conversations.models import (
    GiveBack,
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
from coffeechat.outreach.service import profile_for, rules_for

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


def _compose(person: Person, kind: str, exploration: Exploration | None) -> str:
    url = reverse("conversations:write", args=[person.pk]) + f"?kind={kind}"
    return url + (f"&exploration={exploration.pk}" if exploration else "")


def _threads(user: AbstractBaseUser) -> list[tuple[PipelineEntry, Thread, Person]]:
    """Each waiting request with when it was asked and nudged, and whom a nudge goes to (the
    introducer while an introduction is asked), and who else at their organization could be asked
    (`next_at_organization`, an id): four queries, however many."""
    entries = list(
        PipelineEntry.objects.filter(exploration__owner_id=user.pk, stage__in=lifecycle.WAITING)
        .select_related("person__organization", "exploration")
        .annotate(next_at_organization=_next_at_same_organization())
    )
    asked: dict[tuple[int, int], datetime] = {}  # (person, exploration) -> last request
    nudges: dict[tuple[int, int], list[datetime]] = {}
    introducer: dict[tuple[int, int], tuple[datetime, int]] = {}  # -> (when asked, introducer id)
    sent = Message.objects.filter(
        owner_id=user.pk, sent__isnull=False, exploration_id__in={e.exploration_id for e in entries}
    ).values_list("kind", "person_id", "about_id", "exploration_id", "sent")
    for kind, person, about, exploration, when in sent:
        subject = about if kind in ("intro_request", "nudge") and about else person
        if kind in REQUESTS:
            key = (subject, exploration)
            asked[key] = max(asked.get(key, when), when)
            if kind == "intro_request" and about and (key not in introducer or introducer[key][0] < when):
                introducer[key] = (when, person)
        elif kind == "nudge":
            nudges.setdefault((subject, exploration), []).append(when)
    people = Person.objects.in_bulk(
        {pid for _, pid in introducer.values()} | {e.next_at_organization for e in entries} - {None}
    )
    found = []
    for entry in entries:
        key = (entry.person_id, entry.exploration_id)
        requested = asked.get(key, entry.updated)
        nudged = max((n for n in nudges.get(key, []) if n >= requested), default=None)
        local = timezone.localdate
        thread = Thread(
            entry.person_id, entry.exploration_id, local(requested), local(nudged) if nudged else None
        )
        asked_of = introducer.get(key)
        waiting_on = entry.person
        if entry.stage == lifecycle.INTRODUCTION_ASKED and asked_of and asked_of[1] in people:
            waiting_on = people[asked_of[1]]
        entry.next_person = people.get(entry.next_at_organization)
        found.append((entry, thread, waiting_on))
    return found


def today_items(user: AbstractBaseUser, today: date | None = None) -> list[TodayItem]:
    today = today or clock.localdate()
    mark_past_meetings_held(user)
    decisions = {d.key: d for d in TodayDecision.objects.filter(owner_id=user.pk)}
    items = _follow_ups(user, today) + _meetings_and_thanks(user, today) + _check_ins(user, today, decisions)
    shown = []
    for item in items:
        decision = decisions.get(item.key)
        if decision and (decision.dismissed or (decision.snoozed_until and decision.snoozed_until > today)):
            continue
        shown.append(item)
    return sorted(shown, key=lambda i: (i.due, i.kind))


def _follow_ups(user: AbstractBaseUser, today: date) -> list[TodayItem]:
    rules = rules_for(profile_for(user))
    items: list[TodayItem] = []
    for entry, thread, recipient in _threads(user):
        person, exploration = entry.person, entry.exploration
        for action in due_actions(thread, today, rules):
            if action.kind == "nudge":
                url = _compose(person, "nudge", exploration)
                if recipient.pk != person.pk:
                    url += f"&via={recipient.pk}"
                items.append(
                    TodayItem(
                        "nudge",
                        action.due,
                        f"Send {recipient.name} one polite follow-up"
                        + (f" about {person.name}" if recipient.pk != person.pk else ""),
                        recipient,
                        exploration,
                        url,
                        key=f"nudge:{entry.pk}",
                        extra={"entry": entry.pk},
                    )
                )
            elif action.kind == "give_up":
                items.append(
                    TodayItem(
                        "give_up",
                        action.due,
                        f"No answer from {person.name}: let it rest",
                        person,
                        exploration,
                        key=f"give_up:{entry.pk}",
                        extra={"entry": entry.pk, "event": lifecycle.NO_ANSWER_EVENT},
                    )
                )
            elif next_person := entry.next_person:
                items.append(
                    TodayItem(
                        "next_person",
                        action.due,
                        f"No reply from {person.name} yet: ask {next_person.name}, also at "
                        f"{person.organization}",
                        next_person,
                        exploration,
                        next_person.get_absolute_url(),
                        key=f"next:{entry.pk}",
                        extra={"entry": entry.pk},
                    )
                )
    return items


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


def _meetings_and_thanks(user: AbstractBaseUser, today: date) -> list[TodayItem]:
    items = []
    start_of_day = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    upcoming = Meeting.objects.filter(
        owner_id=user.pk,
        cancelled__isnull=True,
        held__isnull=True,
        starts__gte=start_of_day,
        starts__lt=start_of_day + timedelta(days=1),
    ).select_related("person", "exploration")
    upcoming = upcoming.annotate(planned=Exists(PlannedQuestion.objects.filter(meeting_id=OuterRef("pk"))))
    for meeting in upcoming:
        local = timezone.localtime(meeting.starts)
        prepared = "your plan is ready" if meeting.planned else "no plan yet: prepare"
        items.append(
            TodayItem(
                "meeting",
                today,
                f"Meeting with {meeting.person.name} at {local:%H:%M} ({prepared})",
                meeting.person,
                meeting.exploration,
                meeting.get_absolute_url(),
                key=f"meeting:{meeting.pk}",
            )
        )
    held = list(
        Meeting.objects.filter(owner_id=user.pk, held__isnull=False, cancelled__isnull=True).select_related(
            "person", "exploration"
        )
    )
    reflected = set(Reflection.objects.filter(meeting__in=held).values_list("meeting_id", flat=True))
    thanks = Message.objects.filter(
        owner_id=user.pk, sent__isnull=False, kind__in=("thank_you", "thank_introducer")
    ).values_list("kind", "person_id", "about_id", "meeting_id", "sent")
    thanked_meetings = {m for kind, _, _, m, _ in thanks if kind == "thank_you" and m}
    thank_you_sent: dict[int, list[datetime]] = {}
    introducer_thanked: set[tuple[int, int]] = set()
    for kind, person, about, _, sent in thanks:
        if kind == "thank_you":
            thank_you_sent.setdefault(person, []).append(sent)
        elif about:
            introducer_thanked.add((person, about))
    introducers = _introducers(user, {m.person_id for m in held})
    for meeting in held:
        ends = meeting.held or meeting.ends
        done = meeting.pk in thanked_meetings or any(
            s >= ends for s in thank_you_sent.get(meeting.person_id, [])
        )
        if not done:
            url = _compose(meeting.person, "thank_you", meeting.exploration) + f"&meeting={meeting.pk}"
            items.append(
                TodayItem(
                    "thank_you",
                    timezone.localdate(ends + THANK_WITHIN),
                    f"Thank {meeting.person.name} (within 24 hours)",
                    meeting.person,
                    meeting.exploration,
                    url,
                    key=f"thank:{meeting.pk}",
                )
            )
        introducer = introducers.get(meeting.person_id)
        if introducer is not None and (introducer.pk, meeting.person_id) not in introducer_thanked:
            url = (
                _compose(meeting.person, "thank_introducer", meeting.exploration)
                + f"&via={introducer.pk}&meeting={meeting.pk}"
            )
            items.append(
                TodayItem(
                    "thank_introducer",
                    timezone.localdate(ends + THANK_WITHIN),
                    f"Thank {introducer.name} for the introduction to {meeting.person.name}, with an update",
                    introducer,
                    meeting.exploration,
                    url,
                    key=f"thank_introducer:{meeting.pk}",
                )
            )
        if meeting.pk not in reflected:
            items.append(
                TodayItem(
                    "reflect",
                    timezone.localdate(ends),
                    f"Write down your impressions of talking with {meeting.person.name}, while fresh",
                    meeting.person,
                    meeting.exploration,
                    reverse("conversations:reflect", args=[meeting.pk]),
                    key=f"reflect:{meeting.pk}",
                )
            )
    return items


def _introducers(user: AbstractBaseUser, people: set[int]) -> dict[int, Person]:
    """For each person met, who introduced the user to them (the latest asked), if anyone."""
    asked = (
        Message.objects.filter(
            owner_id=user.pk, kind="intro_request", about_id__in=people, sent__isnull=False
        )
        .select_related("person")
        .order_by("sent")
    )
    return {m.about_id: m.person for m in asked if m.about_id is not None}


def keep_in_touch_dates(
    user: AbstractBaseUser, person_ids: list[int] | None = None
) -> dict[int, tuple[date, date]]:
    """For each person met: (first meeting, last interaction: a meeting, a message or a give-back)."""
    meetings = Meeting.objects.filter(owner_id=user.pk, held__isnull=False)
    if person_ids is not None:
        meetings = meetings.filter(person_id__in=person_ids)
    held = {
        pid: (first, last)
        for pid, first, last in meetings.values("person_id")
        .annotate(first=Min("held"), last=Max("held"))
        .values_list("person_id", "first", "last")
    }
    if not held:
        return {}
    last: dict[int, date] = {pid: timezone.localdate(when) for pid, (_, when) in held.items()}
    messages = (
        Message.objects.filter(owner_id=user.pk, person_id__in=list(held), sent__isnull=False)
        .values("person_id")
        .annotate(last=Max("sent"))
        .values_list("person_id", "last")
    )
    for pid, when in messages:
        last[pid] = max(last[pid], timezone.localdate(when))
    give_backs = (
        GiveBack.objects.filter(owner_id=user.pk, person_id__in=list(held))
        .values("person_id")
        .annotate(last=Max("on"))
        .values_list("person_id", "last")
    )
    for pid, day in give_backs:
        last[pid] = max(last[pid], day)
    return {pid: (timezone.localdate(first), last[pid]) for pid, (first, _) in held.items()}


def _check_ins(user: AbstractBaseUser, today: date, decisions: dict[str, TodayDecision]) -> list[TodayItem]:
    dates = keep_in_touch_dates(user)
    if not dates:
        return []
    settings_for = {k.person_id: k for k in KeepInTouch.objects.filter(owner_id=user.pk)}
    skipped: dict[int, set[date]] = {}
    for key, decision in decisions.items():
        if key.startswith("check_in:") and decision.dismissed:
            _, pid, day = key.split(":")
            skipped.setdefault(int(pid), set()).add(date.fromisoformat(day))
    items = []
    people = Person.objects.filter(pk__in=list(dates)).exclude(sensitive=True).select_related("organization")
    for person in people:
        own = settings_for.get(person.pk)
        if own is not None and own.stopped:
            continue
        first_met, last = dates[person.pk]
        due = check_in_due(
            first_met, last, today, own.every_months if own else None, skipped.get(person.pk, set())
        )
        if due is not None:
            items.append(
                TodayItem(
                    "check_in",
                    due,
                    f"Check in with {person.name}: an update on where you are",
                    person,
                    url=_compose(person, "check_in", None),
                    key=f"check_in:{person.pk}:{due.isoformat()}",
                )
            )
    return items
