"""Reading everything the insights need in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from coffeechat.conversations import lifecycle
from coffeechat.conversations.models import (
    GiveBack,
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Referral,
    Reflection,
)
from coffeechat.explore.models import Exploration
from coffeechat.insights.aggregate import (
    Conversation,
    Curation,
    Recurring,
    compare,
    rate,
    recurring,
    tree,
    weekly,
)
from coffeechat.insights.models import ItemCuration
from coffeechat.lib.text import fold
from coffeechat.network.models import Organization, Person

WARM = ("intro_request", "referred_request")
REQUESTS = ("intro_request", "direct_request", "referred_request")


def conversations(user: AbstractBaseUser, exploration: Exploration | None = None) -> list[Conversation]:
    held: dict[str, Any] = {"owner_id": user.pk, "held__isnull": False}
    if exploration is not None:
        held["exploration"] = exploration
    # Plain values, each table joined to the owner's held meetings: a meeting's model with its
    # person is wide, and SQLite probes an IN list of a few hundred ids one at a time.
    here = timezone.get_current_timezone()
    found = {
        pk: Conversation(pk, exploration_id, name, starts.astimezone(here).date())
        for pk, exploration_id, name, starts in Meeting.objects.filter(**held).values_list(
            "pk", "exploration_id", "person__name", "starts"
        )
    }
    held = {f"meeting__{k}": v for k, v in held.items()}
    elsewhere = Conversation(0, None, "", date.min)  # for a meeting held since the first read
    for meeting_id, theme, answer in (
        PlannedQuestion.objects.filter(**held).exclude(answer="").values_list("meeting_id", "theme", "answer")
    ):
        found.get(meeting_id, elsewhere).answers.setdefault(theme, []).append(answer)
    for meeting_id, text in MeetingNotes.objects.filter(**held).values_list("meeting_id", "text"):
        found.get(meeting_id, elsewhere).notes = text
    for meeting_id, *reflection in Reflection.objects.filter(**held).values_list(
        "meeting_id", "appealed", "not_appealing", "pursue", "entry", "skills_to_build", "fit", "impressions"
    ):
        c = found.get(meeting_id, elsewhere)
        c.appealed, c.not_appealing, c.pursue, c.entry, c.skills_to_build, c.fit, c.impressions = reflection
    return sorted(found.values(), key=lambda c: c.day)


def curation(user: AbstractBaseUser) -> Curation:
    labels, merged, confirmed = {}, {}, set()
    for c in ItemCuration.objects.filter(owner_id=user.pk):
        if c.label:
            labels[(c.kind, c.key)] = c.label
        if c.merged_into:
            merged[(c.kind, c.key)] = c.merged_into
        if c.confirmed:
            confirmed.add((c.kind, c.key))
    return Curation(labels, merged, frozenset(confirmed))


def recurring_items(user: AbstractBaseUser, talks: list[Conversation]) -> list[Recurring]:
    organizations = {
        fold(name): name
        for name in Organization.objects.filter(owner_id=user.pk, sensitive=False).values_list(
            "name", flat=True
        )
        if len(name) > 3
    }
    # People worth spotting in notes: those met and those referred (not the whole network).
    # One list of their ids: two IN (subquery) joined by OR test every person of the owner.
    met = Meeting.objects.filter(owner_id=user.pk).order_by().values("person_id")
    referred = Referral.objects.filter(meeting__owner_id=user.pk).order_by().values("person_id")
    people = {
        fold(name): name
        for name in Person.objects.filter(owner_id=user.pk, sensitive=False, pk__in=met.union(referred))
        .order_by()  # sorting by name would walk every person of the owner in name order
        .values_list("name", flat=True)
        if len(name) > 3
    }
    return recurring(talks, organizations, people, curation(user))


@dataclass
class Pictures:
    funnel: list[tuple[str, int]]
    weeks: list[Any]
    rates: list[tuple[str, int, int, int | None]]  # channel, asked, answered, percent
    reply_days: list[tuple[str, int]]  # bucket, count
    referral_tree: list[dict[str, object]]


def pictures(
    user: AbstractBaseUser, exploration: Exploration | None = None, today: date | None = None
) -> Pictures:
    today = today or timezone.localdate()
    messages = Message.objects.filter(owner_id=user.pk, sent__isnull=False)
    entries = PipelineEntry.objects.filter(exploration__owner_id=user.pk)
    meetings = Meeting.objects.filter(owner_id=user.pk)
    if exploration is not None:
        messages, entries, meetings = (
            q.filter(exploration=exploration) for q in (messages, entries, meetings)
        )
    sent = list(messages.values_list("kind", "sent", "person_id", "about_id", "exploration_id"))
    asked = {(about or person, exp) for kind, _, person, about, exp in sent if kind in REQUESTS}
    answered = {(p, e) for p, e, r in entries.values_list("person_id", "exploration_id", "replied") if r}
    met = {(p, e) for p, e in meetings.filter(held__isnull=False).values_list("person_id", "exploration_id")}
    thanked = {(p, e) for kind, _, p, _, e in sent if kind == "thank_you"}
    gave_back = set(GiveBack.objects.filter(owner_id=user.pk).values_list("person_id", flat=True))
    # Whoever answered was asked, even when the request was sent outside coffeechat.
    funnel = [
        ("Asked", len(asked | answered)),
        ("Replied", len(answered)),
        ("Met", len(met)),
        ("Thanked", len(thanked)),
        ("Gave back", len({(p, e) for p, e in met if p in gave_back})),
    ]
    warm_asked = {(about or person, exp) for kind, _, person, about, exp in sent if kind in WARM}
    direct_asked = {(person, exp) for kind, _, person, _, exp in sent if kind == "direct_request"}
    rates = [
        (
            "Warm introduction or referral",
            len(warm_asked),
            len(warm_asked & answered),
            rate(len(warm_asked & answered), len(warm_asked)),
        ),
        (
            "Direct request",
            len(direct_asked),
            len(direct_asked & answered),
            rate(len(direct_asked & answered), len(direct_asked)),
        ),
    ]
    first_asked: dict[tuple[int, int], Any] = {}
    for kind, when, person, about, exp in sent:
        if kind in REQUESTS:
            key = (about or person, exp)
            first_asked[key] = min(first_asked.get(key, when), when)
    buckets = {"within 2 days": 0, "3 to 7 days": 0, "over a week": 0}
    for person, exp, replied in entries.exclude(replied__isnull=True).values_list(
        "person_id", "exploration_id", "replied"
    ):
        if (person, exp) in first_asked:
            days = (replied - first_asked[(person, exp)]).days
            bucket = "within 2 days" if days <= 2 else "3 to 7 days" if days <= 7 else "over a week"
            buckets[bucket] += 1
    here = timezone.get_current_timezone()  # once, not per message: asking for it costs a lookup
    weeks = weekly(
        (w.astimezone(here).date() for _, w, *_ in sent),
        (s.astimezone(here).date() for s in meetings.values_list("starts", flat=True)),
        12,
        today,
    )
    edges = list(
        Referral.objects.filter(meeting__owner_id=user.pk).values_list("meeting__person_id", "person_id")
    )
    names = dict(Person.objects.filter(pk__in={p for e in edges for p in e}).values_list("pk", "name"))
    return Pictures(funnel, weeks, rates, list(buckets.items()), tree(edges, names))


def comparison(user: AbstractBaseUser, talks: list[Conversation] | None = None) -> list[Any]:
    explorations = dict(Exploration.objects.filter(owner_id=user.pk).values_list("pk", "text"))
    waiting: dict[int, str] = {}
    identified = PipelineEntry.objects.filter(exploration__owner_id=user.pk, stage=lifecycle.IDENTIFIED)
    for exploration_id, name in identified.order_by("-updated").values_list("exploration_id", "person__name"):
        waiting.setdefault(exploration_id, f"Ask {name}")
    talks = conversations(user) if talks is None else talks
    return compare(explorations, talks, waiting, curation(user))
