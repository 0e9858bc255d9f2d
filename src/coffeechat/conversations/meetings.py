"""Meetings: scheduling, changing, cancelling and deleting them, and noticing they were held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import Refused, entry_for, record_event
from coffeechat.conversations.meeting_steps import MeetingState, Step, meeting_steps
from coffeechat.conversations.models import Meeting, MeetingNotes, Message, PipelineEntry, Reflection
from coffeechat.core import clock
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person, TieStrength


class MeetingRefused(ValueError):
    pass


@dataclass
class MeetingDetails:
    starts: datetime
    time_zone: str
    minutes: int
    place: str = ""
    video_link: str = ""
    phone: str = ""
    exploration: Exploration | None = None


@transaction.atomic
def schedule_meeting(owner: AbstractBaseUser, person: Person, details: MeetingDetails) -> Meeting:
    """A new meeting; one that already took place is logged as held."""
    meeting = Meeting.objects.create(
        owner_id=owner.pk,
        person=person,
        exploration=details.exploration,
        starts=details.starts,
        time_zone=details.time_zone,
        minutes=details.minutes,
        place=details.place,
        video_link=details.video_link,
        phone=details.phone,
    )
    if meeting.exploration is not None:
        record_event(entry_for(meeting.exploration, person), lifecycle.MEETING_SCHEDULED, note=str(meeting))
    if meeting.ends <= clock.now():
        mark_held(meeting)
    return meeting


@transaction.atomic
def change_meeting(meeting: Meeting, details: MeetingDetails) -> Meeting:
    """Edit or reschedule: calendars see the same event (UID) with a higher SEQUENCE."""
    if meeting.cancelled:
        raise MeetingRefused("This meeting was cancelled; schedule a new one instead.")
    moved = details.starts != meeting.starts or details.minutes != meeting.minutes
    if moved and details.starts + timedelta(minutes=details.minutes) <= clock.now() and meeting.held is None:
        raise MeetingRefused(
            "A meeting cannot be moved into the past; if it already took place, keep its time "
            "and it counts as held, or log a new meeting."
        )
    for field in ("starts", "time_zone", "minutes", "place", "video_link", "phone"):
        setattr(meeting, field, getattr(details, field))
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting) -> Meeting:
    if meeting.cancelled:
        raise MeetingRefused("This meeting is already cancelled.")
    if meeting.held:
        raise MeetingRefused("This meeting already took place; it cannot be cancelled.")
    meeting.cancelled = clock.now()
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    if meeting.exploration is not None:
        entry = PipelineEntry.objects.filter(exploration=meeting.exploration, person=meeting.person).first()
        if entry is not None and entry.stage == lifecycle.SCHEDULED and not _other_meetings(meeting):
            record_event(entry, lifecycle.MEETING_CANCELLED, note=str(meeting))
    return meeting


def _other_meetings(meeting: Meeting) -> bool:
    return (
        Meeting.objects.filter(person=meeting.person, exploration=meeting.exploration, cancelled__isnull=True)
        .exclude(pk=meeting.pk)
        .exists()
    )


def what_goes_with(meeting: Meeting) -> list[str]:
    """What deleting the meeting would take with it, for the user to confirm."""
    found = []
    notes = getattr(meeting, "notes", None)
    if notes is not None and notes.text.strip():
        found.append("your notes")
    if meeting.plan.filter(answer__gt="").exists():
        found.append("the answers noted against the plan")
    elif meeting.plan.exists():
        found.append("the plan")
    if hasattr(meeting, "reflection"):
        found.append("your reflection")
    if meeting.research.filter(notes__gt="").exists():
        found.append("your research notes")
    return found


@transaction.atomic
def delete_meeting(meeting: Meeting) -> None:
    """Delete a meeting; one not held counts as cancelled for the conversation first."""
    if meeting.held is None and meeting.cancelled is None and meeting.exploration is not None:
        entry = PipelineEntry.objects.filter(exploration=meeting.exploration, person=meeting.person).first()
        if entry is not None and entry.stage == lifecycle.SCHEDULED and not _other_meetings(meeting):
            record_event(entry, lifecycle.MEETING_CANCELLED, note=f"deleted: {meeting}")
    meeting.delete()


@transaction.atomic
def mark_held(meeting: Meeting, at: datetime | None = None) -> None:
    """The meeting took place: the conversation moves to met, and the user now knows them."""
    if meeting.held is not None or meeting.cancelled is not None:
        return
    meeting.held = at or min(meeting.ends, clock.now())
    meeting.save(update_fields=["held"])
    if meeting.exploration is not None:
        try:
            with transaction.atomic():
                record_event(
                    entry_for(meeting.exploration, meeting.person),
                    lifecycle.MEETING_HELD,
                    at=meeting.held,
                    note=str(meeting),
                )
        except Refused:
            pass  # paused or declined by hand before the meeting: the meeting still took place
    person = meeting.person
    if person.tie_strength is None or not person.tie_context:
        person.tie_strength = person.tie_strength or TieStrength.WEAK
        person.tie_context = person.tie_context or f"informational interview, {meeting.starts:%b %Y}"
        person.save(update_fields=["tie_strength", "tie_context", "updated"])


def steps_for(meeting: Meeting) -> list[tuple[Step, str]]:
    """The meeting's next steps (meeting_steps.py), each with the address of the page that does it."""
    thank_you = reverse("conversations:write", args=[meeting.person_id])
    thank_you += f"?kind=thank_you&meeting={meeting.pk}"
    if meeting.exploration_id:
        thank_you += f"&exploration={meeting.exploration_id}"
    state = MeetingState(
        starts=meeting.starts,
        ends=meeting.ends,
        now=clock.now(),
        cancelled=meeting.cancelled is not None,
        held=meeting.held is not None,
        researched=meeting.research.exclude(notes="").exists(),
        planned=meeting.plan.exists(),
        has_notes=MeetingNotes.objects.filter(meeting=meeting).exclude(text="").exists()
        or meeting.plan.exclude(answer="").exists(),
        reflected=Reflection.objects.filter(meeting=meeting).exists(),
        thanked=Message.objects.filter(meeting=meeting, kind="thank_you", sent__isnull=False).exists(),
        referrals=meeting.referrals.exists(),
    )
    pages = {"thank_you": thank_you}
    return [
        (step, pages.get(step.page) or reverse(f"conversations:{step.page}", args=[meeting.pk]))
        for step in meeting_steps(state)
    ]


CLOCK_NUDGE_MINUTES = 5


def start_clock(meeting: Meeting, action: str) -> Meeting:
    """Start the live-notes clock now, or move its start five minutes either way.

    The conversation rarely begins on the minute: "start" takes the moment of the tap, and
    "earlier"/"later" mend a tap made late or early. The server's time is the one every device shows.
    """
    now = clock.now()
    if action == "start" or meeting.clock_started is None:
        meeting.clock_started = now
    elif action == "earlier":
        meeting.clock_started -= timedelta(minutes=CLOCK_NUDGE_MINUTES)
    elif action == "later":
        meeting.clock_started = min(now, meeting.clock_started + timedelta(minutes=CLOCK_NUDGE_MINUTES))
    else:
        raise MeetingRefused(f"Unknown clock action {action!r}: start, earlier or later.")
    meeting.save(update_fields=["clock_started"])
    return meeting


def mark_past_meetings_held(owner: AbstractBaseUser) -> int:
    """Meetings whose end has passed count as held; called wherever Today and the board are read."""
    due = Meeting.objects.filter(
        owner_id=owner.pk, held__isnull=True, cancelled__isnull=True, starts__lte=clock.now()
    ).select_related("person", "exploration")
    count = 0
    for meeting in due:
        if meeting.ends <= clock.now():
            mark_held(meeting)
            count += 1
    return count
