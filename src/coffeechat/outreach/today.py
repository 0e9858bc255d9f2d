"""What is due today and overdue: the list on the home page and `coffeechat today`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from coffeechat.explore.models import Exploration, PipelineEntry
from coffeechat.explore.offlimits import off_limits_filter
from coffeechat.network.models import Person
from coffeechat.outreach.models import Meeting, Message
from coffeechat.outreach.rules import Thread, due_actions
from coffeechat.outreach.service import STAGE_AFTER, profile_for, rules_for

WAITING = (PipelineEntry.Stage.REQUEST_SENT, PipelineEntry.Stage.INTRODUCTION_ASKED)
CHECK_IN_AFTER = timedelta(days=90)
THANK_WITHIN = timedelta(hours=24)


@dataclass
class TodayItem:
    kind: str  # nudge, next_person, no_answer, meeting, thank_you, thank_introducer, reflect, check_in
    due: date
    text: str
    person: Person
    exploration: Exploration | None = None
    url: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


def _compose(person: Person, kind: str, exploration: Exploration | None) -> str:
    url = reverse("outreach:write", args=[person.pk]) + f"?kind={kind}"
    return url + (f"&exploration={exploration.pk}" if exploration else "")


def _threads(user: AbstractBaseUser) -> list[tuple[PipelineEntry, Thread]]:
    """Each waiting request with when it was asked and nudged: two queries, however many."""
    entries = list(
        PipelineEntry.objects.filter(exploration__owner_id=user.pk, stage__in=WAITING).select_related(
            "person__organization", "exploration"
        )
    )
    asked: dict[tuple[int, int], datetime] = {}  # (person, exploration) -> last request
    nudges: dict[tuple[int, int], list[datetime]] = {}
    sent = Message.objects.filter(
        owner_id=user.pk, sent__isnull=False, exploration_id__in={e.exploration_id for e in entries}
    ).values_list("kind", "person_id", "about_id", "exploration_id", "sent")
    for kind, person, about, exploration, when in sent:
        if kind in STAGE_AFTER:
            key = (about if kind == "intro_request" and about else person, exploration)
            asked[key] = max(asked.get(key, when), when)
        elif kind == "nudge":
            nudges.setdefault((person, exploration), []).append(when)
    found = []
    for entry in entries:
        key = (entry.person_id, entry.exploration_id)
        requested = asked.get(key, entry.updated)
        nudged = max((n for n in nudges.get(key, []) if n >= requested), default=None)
        local = timezone.localdate
        thread = Thread(
            entry.person_id, entry.exploration_id, local(requested), local(nudged) if nudged else None
        )
        found.append((entry, thread))
    return found


def today_items(user: AbstractBaseUser, today: date | None = None) -> list[TodayItem]:
    today = today or timezone.localdate()
    rules = rules_for(profile_for(user))
    items: list[TodayItem] = []
    for entry, thread in _threads(user):
        person, exploration = entry.person, entry.exploration
        for action in due_actions(thread, today, rules):
            if action.kind == "nudge":
                items.append(
                    TodayItem(
                        "nudge",
                        action.due,
                        f"Send {person.name} one polite follow-up",
                        person,
                        exploration,
                        _compose(person, "nudge", exploration),
                    )
                )
            elif action.kind == "no_answer":
                items.append(
                    TodayItem(
                        "no_answer",
                        action.due,
                        f"No answer from {person.name}: let it rest",
                        person,
                        exploration,
                        extra={"entry": entry.pk},
                    )
                )
            elif next_person := _next_at_same_organization(entry):
                items.append(
                    TodayItem(
                        "next_person",
                        action.due,
                        f"No reply from {person.name} yet: ask {next_person.name}, also at "
                        f"{person.organization}",
                        next_person,
                        exploration,
                        next_person.get_absolute_url(),
                        extra={"entry": entry.pk},
                    )
                )
    items += _meetings_and_thanks(user, today)
    items += _check_ins(user, today)
    return sorted(items, key=lambda i: (i.due, i.kind))


def _next_at_same_organization(entry: PipelineEntry) -> Person | None:
    if entry.person.organization_id is None:
        return None
    listed = entry.exploration.pipeline.values("person_id")
    candidates = Person.objects.filter(organization_id=entry.person.organization_id).exclude(pk__in=listed)
    candidates = candidates.exclude(off_limits_filter(entry.exploration))
    return candidates.order_by("-tie_strength", "name_key").first()


def _meetings_and_thanks(user: AbstractBaseUser, today: date) -> list[TodayItem]:
    items = []
    now = timezone.now()
    start_of_day = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    recent = Meeting.objects.filter(
        owner_id=user.pk,
        starts__gte=start_of_day - timedelta(days=7),
        starts__lt=start_of_day + timedelta(days=1),
    ).select_related("person", "exploration")
    for meeting in recent:
        ends = meeting.starts + timedelta(minutes=meeting.minutes)
        if timezone.localdate(meeting.starts) == today and ends > now:
            local = timezone.localtime(meeting.starts)
            prepared = "your plan is ready" if meeting.plan.exists() else "no plan yet: prepare"
            items.append(
                TodayItem(
                    "meeting",
                    today,
                    f"Meeting with {meeting.person.name} at {local:%H:%M} ({prepared})",
                    meeting.person,
                    meeting.exploration,
                    meeting.get_absolute_url(),
                )
            )
        elif ends <= now:
            thanked = Message.objects.filter(
                owner_id=user.pk, person=meeting.person, kind="thank_you", sent__gte=ends
            ).exists()
            if not thanked:
                due = timezone.localdate(ends + THANK_WITHIN)
                items.append(
                    TodayItem(
                        "thank_you",
                        due,
                        f"Thank {meeting.person.name} (within 24 hours)",
                        meeting.person,
                        meeting.exploration,
                        _compose(meeting.person, "thank_you", meeting.exploration) + f"&meeting={meeting.pk}",
                    )
                )
            items += _thank_introducer(user, meeting, ends)
            if not hasattr(meeting, "reflection"):
                items.append(
                    TodayItem(
                        "reflect",
                        timezone.localdate(ends),
                        f"Write down your impressions of talking with {meeting.person.name}, while fresh",
                        meeting.person,
                        meeting.exploration,
                        reverse("interviews:reflect", args=[meeting.pk]),
                    )
                )
    return items


def _thank_introducer(user: AbstractBaseUser, meeting: Meeting, ends: datetime) -> list[TodayItem]:
    """Whoever introduced the user gets thanks and a short update after the conversation."""
    asked = Message.objects.filter(
        owner_id=user.pk, kind="intro_request", about=meeting.person, sent__isnull=False
    )
    introducer = asked.select_related("person").order_by("-sent").first()
    if introducer is None:
        return []
    thanked = Message.objects.filter(
        owner_id=user.pk,
        person=introducer.person,
        kind="thank_introducer",
        about=meeting.person,
        sent__gte=ends,
    ).exists()
    if thanked:
        return []
    url = _compose(introducer.person, "thank_introducer", meeting.exploration) + f"&about={meeting.person.pk}"
    return [
        TodayItem(
            "thank_introducer",
            timezone.localdate(ends + THANK_WITHIN),
            f"Thank {introducer.person.name} for the introduction to {meeting.person.name}, with an update",
            introducer.person,
            meeting.exploration,
            url,
        )
    ]


def _check_ins(user: AbstractBaseUser, today: date) -> list[TodayItem]:
    met = PipelineEntry.objects.filter(
        exploration__owner_id=user.pk,
        stage__in=(PipelineEntry.Stage.INTERVIEWED, PipelineEntry.Stage.THANKED),
    ).values_list("person_id", flat=True)
    last = dict(
        Message.objects.filter(owner_id=user.pk, person_id__in=met, sent__isnull=False)
        .values("person_id")
        .annotate(last=Max("sent"))
        .values_list("person_id", "last")
    )
    items = []
    for person in Person.objects.filter(pk__in=met).exclude(sensitive=True):
        last_contact = last.get(person.pk)
        if last_contact and timezone.localdate(last_contact + CHECK_IN_AFTER) <= today:
            items.append(
                TodayItem(
                    "check_in",
                    timezone.localdate(last_contact + CHECK_IN_AFTER),
                    f"Check in with {person.name}: an update on where you are",
                    person,
                    url=_compose(person, "check_in", None),
                )
            )
    return items
