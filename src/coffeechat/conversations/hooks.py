"""What the conversations area gives the areas below it, registered when the app is ready.

The person page (network) shows the conversation panel and timeline lines; the search box
(network) also finds what the user wrote about their meetings; explorations read where the user
stands with people (courtesy, the list with next steps); merging two people joins their
conversations. Each goes through a small registry of the lower app, so lower apps never
import this one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from coffeechat.conversations import lifecycle
from coffeechat.conversations.cadence import next_check_in
from coffeechat.conversations.linkedin import forget_linkedin, record_linkedin
from coffeechat.conversations.messaging import blocked_reason
from coffeechat.conversations.models import (
    ConversationEvent,
    GiveBack,
    Interaction,
    KeepInTouch,
    Meeting,
    Message,
    PipelineEntry,
)
from coffeechat.conversations.notes_search import search_conversation_notes
from coffeechat.conversations.talk import past_talk_of, sentence
from coffeechat.conversations.today import keep_in_touch_dates
from coffeechat.core import clock
from coffeechat.core.params import positive_int
from coffeechat.explore import status
from coffeechat.explore.access import explorations_for_user
from coffeechat.explore.models import Exploration
from coffeechat.explore.said import PastTalk, summarize
from coffeechat.imports.history import register_recorder
from coffeechat.network.models import Person
from coffeechat.network.panels import Panel, TimelineLine, register_person_panel, register_timeline
from coffeechat.network.references import register_merge
from coffeechat.network.search_sources import register_search_source
from coffeechat.outreach.drafting import KINDS

# Events that a sent message or a meeting already shows on the timeline.
SHOWN_ELSEWHERE = {
    lifecycle.INTRODUCTION_REQUESTED,
    lifecycle.REQUEST_SENT_EVENT,
    lifecycle.NUDGE_SENT,
    lifecycle.THANK_YOU_SENT,
    lifecycle.CHECK_IN_SENT,
    lifecycle.MEETING_SCHEDULED,
    lifecycle.MEETING_HELD,
    lifecycle.GIVE_BACK_LOGGED,
}


def conversation_panel(request: HttpRequest, person: Person) -> dict[str, Any]:
    entries = _entries_of(person)
    for entry in entries:
        entry.actions = lifecycle.by_hand(entry.stage)  # type: ignore[attr-defined]
    setting = KeepInTouch.objects.filter(person=person).first()
    return {
        "pipeline": entries,
        "current_exploration": _came_from(request, entries),
        "stages": lifecycle.CHOICES,
        "message_kinds": KINDS,
        "blocked": blocked_reason(person),
        "meetings": _meetings_of(person),
        "give_backs": _give_backs_of(person),
        "keep_in_touch": setting,
        "next_check_in": _next_check_in(request, person, setting),
        "give_back_kinds": GiveBack.Kind.choices,
        "past_talk": _past_talk(person),
    }


def _came_from(request: HttpRequest, entries: list[PipelineEntry]) -> Exploration | None:
    """The exploration the user reached this person from (a board, suggestions), else their first one."""
    wanted = positive_int(request.GET.get("exploration"))
    if wanted is not None:
        found = explorations_for_user(request.user).filter(pk=wanted).first()
        if found is not None:
            return found
    return entries[0].exploration if entries else None


def _next_check_in(request: HttpRequest, person: Person, setting: KeepInTouch | None) -> date | None:
    if (setting and setting.stopped) or not any(meeting.held for meeting in _meetings_of(person)):
        return None  # check-ins start after a meeting held: most people have none, nothing more to read
    dates = keep_in_touch_dates(request.user, [person.pk])
    if person.pk not in dates:
        return None
    first_met, last = dates[person.pk]
    return next_check_in(first_met, last, setting.every_months if setting else None)


def _entries_of(person: Person) -> list[PipelineEntry]:
    """The person's entries on the user's lists, read once per page like their meetings."""
    if not hasattr(person, "_entries"):
        person._entries = list(  # type: ignore[attr-defined]
            PipelineEntry.objects.filter(person=person, exploration__owner_id=person.owner_id).select_related(
                "exploration"
            )
        )
    return person._entries  # type: ignore[attr-defined]


def _meetings_of(person: Person) -> list[Meeting]:
    """The person's meetings, read once per page: the conversation panel and the timeline both show
    them (kept on the person fetched for this request, so never stale beyond it)."""
    if not hasattr(person, "_meetings"):
        person._meetings = list(  # type: ignore[attr-defined]
            Meeting.objects.filter(owner_id=person.owner_id, person=person).select_related("exploration")
        )
    return person._meetings  # type: ignore[attr-defined]


def _interactions_of(person: Person) -> list[Interaction]:
    """What was said outside the app (mail read, LinkedIn), read once per page like the meetings:
    the timeline lists it, the panel says when the user last wrote and whether they answered."""
    if not hasattr(person, "_interactions"):
        person._interactions = list(  # type: ignore[attr-defined]
            Interaction.objects.filter(person=person).only(
                "at", "channel", "direction", "subject", "text", "reply_to_id"
            )
        )
    return person._interactions  # type: ignore[attr-defined]


def _past_talk(person: Person) -> str:
    """ "You last wrote to Laura in March 2023; Laura answered." or "", from the timeline's read."""
    talk = summarize([(person.pk, i.direction, i.channel, i.at) for i in _interactions_of(person)])
    return sentence(person, talk[person.pk], clock.now()) if person.pk in talk else ""


def _give_backs_of(person: Person) -> list[GiveBack]:
    """The person's give-backs, read once per page like their meetings."""
    if not hasattr(person, "_give_backs"):
        person._give_backs = list(GiveBack.objects.filter(owner_id=person.owner_id, person=person))  # type: ignore[attr-defined]
    return person._give_backs  # type: ignore[attr-defined]


def timeline(person: Person) -> list[TimelineLine]:
    lines = []
    # Messages to the person and messages about them (an introduction asked of someone else): one read.
    sent = Message.objects.filter(Q(person=person) | Q(about=person), sent__isnull=False)
    for message in sent.select_related("about", "person"):
        kind = message.get_kind_display().lower()
        if message.person_id == person.pk:
            about = f" about {message.about.name}" if message.about else ""
            subject = f": “{message.subject}”" if message.subject else ""
            channel = message.get_channel_display().lower()
            lines.append(TimelineLine(message.sent, f"{kind}{about} ({channel}){subject}"))  # type: ignore[arg-type]
        if message.about_id == person.pk:
            lines.append(TimelineLine(message.sent, f"{kind}, to {message.person.name}"))  # type: ignore[arg-type]
    for meeting in _meetings_of(person):
        what = (
            "meeting cancelled" if meeting.cancelled else ("you met" if meeting.held else "meeting scheduled")
        )
        about = f" about {meeting.exploration.text}" if meeting.exploration else ""
        lines.append(TimelineLine(meeting.starts, f"{what}{about}", meeting.get_absolute_url()))
    for one in _interactions_of(person):
        lines.append(TimelineLine(one.at, _interaction_line(one)))
    for give in _give_backs_of(person):
        note = f": {give.note}" if give.note else ""
        lines.append(TimelineLine(give.on, f"give-back: {give.get_kind_display().lower()}{note}"))
    entries = {entry.pk: entry for entry in _entries_of(person)}
    events = ConversationEvent.objects.filter(entry__in=entries).exclude(kind__in=SHOWN_ELSEWHERE)
    for event in events if entries else []:  # no list holds the person: no events to read
        exploration = entries[event.entry_id].exploration.text
        lines.append(TimelineLine(event.at, f"{event.get_kind_display().lower()} ({exploration})"))
    return lines


def _interaction_line(said: Interaction) -> str:
    """ "they replied by email: “Re: Coffee?” Happy to…", from a mail read or a LinkedIn message."""
    who = "you wrote" if said.direction == Interaction.Direction.SENT else "they wrote"
    if said.reply_to_id:
        who = "they replied"
    subject = f": “{said.subject}”" if said.subject else ""
    text = " ".join(said.text.split())
    excerpt = f" {text[:197]}…" if len(text) > 200 else (f" {text}" if text else "")
    return f"{who} on {said.get_channel_display()}{subject}{excerpt}"


class ConversationSource:
    """Where the user stands with people, as explorations need it."""

    def _status(self, entry: PipelineEntry) -> status.Status:
        courtesy = (
            "closed"
            if entry.stage in lifecycle.CLOSED
            else ("asked" if entry.stage in lifecycle.ASKED else "")
        )
        return status.Status(
            entry.person_id,
            entry.get_stage_display(),
            entry.next_step,
            courtesy,
            reverse("network:person", args=[entry.person_id]),
        )

    def statuses(self, exploration: Exploration, person_ids: list[int]) -> dict[int, status.Status]:
        entries = PipelineEntry.objects.filter(exploration=exploration, person_id__among=person_ids)
        return {e.person_id: self._status(e) for e in entries}

    def listed(self, exploration: Exploration) -> list[status.Status]:
        return [self._status(e) for e in exploration.pipeline.order_by("-updated")]

    def asked_elsewhere(self, exploration: Exploration, person_ids: list[int], since: datetime) -> set[int]:
        return set(
            PipelineEntry.objects.filter(
                person_id__among=person_ids,
                exploration__owner_id=exploration.owner_id,
                stage__in=(*lifecycle.ASKED, lifecycle.SCHEDULED),
                updated__gte=since,
            )
            .exclude(exploration=exploration)
            .values_list("person_id", flat=True)
        )

    def past_talk(self, owner_id: int, person_ids: list[int]) -> dict[int, PastTalk]:
        return past_talk_of(owner_id, person_ids)


def merge_entries(rows: QuerySet, duplicate: Person, keep: Person) -> None:
    """Two list entries for one exploration become one: the further stage, all events kept."""
    for entry in list(rows):
        kept = PipelineEntry.objects.filter(exploration_id=entry.exploration_id, person=keep).first()
        if kept is None:
            PipelineEntry.objects.filter(pk=entry.pk).update(person=keep)
            continue
        further = _further(kept, entry)
        with transaction.atomic():
            ConversationEvent.objects.filter(entry=entry).update(entry=kept)
            if further is entry:
                kept.stage, kept.nudged, kept.before_exit = entry.stage, entry.nudged, entry.before_exit
            replied = [r for r in (kept.replied, entry.replied) if r]
            kept.replied = min(replied) if replied else None
            kept.save()
            entry.delete()


def _further(one: PipelineEntry, other: PipelineEntry) -> PipelineEntry:
    def rank(e: PipelineEntry) -> int:
        return lifecycle.RANK.get(e.stage, -1)

    return other if rank(other) > rank(one) else one


def merge_keep_in_touch(rows: QuerySet, duplicate: Person, keep: Person) -> None:
    if KeepInTouch.objects.filter(person=keep).exists():
        rows.delete()  # the kept person's own setting wins; it is a preference, not a record
    else:
        rows.update(person=keep)


register_person_panel(Panel("conversation", "conversations/_person_panel.html", conversation_panel, order=30))
register_timeline("conversations", timeline)
register_search_source("conversations", search_conversation_notes)
status.register_source(ConversationSource())
register_recorder(record_linkedin, forget_linkedin)
register_merge(PipelineEntry, merge_entries)
register_merge(KeepInTouch, merge_keep_in_touch)
