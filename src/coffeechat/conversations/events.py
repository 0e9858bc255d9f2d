"""Recording what happens in a conversation: the one function that moves a pipeline entry.

Every page and command that records a message, a meeting, a reply or a give-back comes here,
and the lifecycle (`lifecycle.apply`) decides whether the event fits. An event that does not fit
is refused with the lifecycle's reason, and nothing is written.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from coffeechat.conversations import lifecycle
from coffeechat.conversations.lifecycle import Refused
from coffeechat.conversations.models import ConversationEvent, PipelineEntry
from coffeechat.core import clock
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person

__all__ = ["Refused", "entry_for", "record_event", "record_for", "record_on_person"]


def entry_for(exploration: Exploration, person: Person) -> PipelineEntry:
    """The person's place on the exploration's list, made (as identified) when new."""
    entry, _ = PipelineEntry.objects.get_or_create(exploration=exploration, person=person)
    return entry


@transaction.atomic
def record_event(
    entry: PipelineEntry, event: str, *, at: datetime | None = None, note: str = "", to_stage: str = ""
) -> ConversationEvent:
    """Apply `event` to the conversation, or raise Refused with the reason; nothing half-done."""
    locked = PipelineEntry.objects.select_for_update().get(pk=entry.pk)
    after = lifecycle.apply(locked.state, event, to_stage=to_stage)
    when = at or clock.now()
    before = locked.stage
    locked.stage, locked.nudged, locked.before_exit = after.stage, after.nudged, after.before_exit
    if locked.replied is None and after.stage in lifecycle.ANSWERED and event != lifecycle.MOVED_BY_HAND:
        locked.replied = when
    locked.save()
    entry.stage, entry.nudged, entry.before_exit, entry.replied = (
        locked.stage,
        locked.nudged,
        locked.before_exit,
        locked.replied,
    )
    return ConversationEvent.objects.create(
        entry=locked, kind=event, at=when, stage_before=before, stage_after=after.stage, note=note[:300]
    )


def record_for(
    exploration: Exploration | None, person: Person, event: str, *, at: datetime | None = None, note: str = ""
) -> ConversationEvent | None:
    """The event on the person's conversation for this exploration (none without an exploration)."""
    if exploration is None:
        return None
    return record_event(entry_for(exploration, person), event, at=at, note=note)


def record_on_person(person: Person, event: str, *, at: datetime | None = None, note: str = "") -> int:
    """A person-wide event (a check-in, a give-back): every conversation it fits moves; the count."""
    moved = 0
    for entry in PipelineEntry.objects.filter(person=person):
        try:
            with transaction.atomic():
                record_event(entry, event, at=at, note=note)
            moved += 1
        except Refused:
            continue  # that conversation is not at a stage this event belongs to
    return moved
