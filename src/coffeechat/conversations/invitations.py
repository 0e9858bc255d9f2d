"""Invitations that come in: a calendar file someone sent makes, moves or cancels the meeting.

One function, `take_invitation`, serves the upload page, the `meetings invitation` command and the
mailbox sync (no request needed). A meeting is known by the invitation's UID; the invitation's
SEQUENCE says whether a file is newer than the one read before, so reading a file twice, or an old
one after a newer, changes nothing; a file with the same SEQUENCE that gives other details (calendars
often keep it when only the place or the link changes) still changes them. Meetings are made, moved
and cancelled through meetings.py, so the conversation moves exactly as when the user does it by hand.

Whom the meeting is with: the person given; else the one of the user's people with the
organizer's address, else with the sender's address; else the one person among the attendees
(the user's own addresses left out). Two people sharing the address found, or none at all: the
user is asked ("needs_person"), and nothing is written meanwhile. When the user already put in a
meeting with that person within a day of the invitation's time, the invitation is about that
meeting: it takes the invitation's UID and details instead of a second meeting being made, and a
cancellation the app never saw the invitation for cancels it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import Refused
from coffeechat.conversations.invitation_files import Invitation, InvitationError, read_invitation
from coffeechat.conversations.meetings import (
    MeetingDetails,
    MeetingRefused,
    cancel_meeting,
    change_meeting,
    schedule_meeting,
)
from coffeechat.conversations.models import Meeting, PipelineEntry
from coffeechat.network.access import people_for_user
from coffeechat.network.models import Person

CREATED, UPDATED, CANCELLED, UNCHANGED = "created", "updated", "cancelled", "unchanged"
NEEDS_PERSON, REFUSED = "needs_person", "refused"
# The app's own calendar files (icalendar_files.py) name their meeting: reading one back changes nothing.
_OWN_UID = re.compile(r"^meeting-(\d+)@coffeechat$")
# A meeting already in for the person this close to the invitation's time is the one it is about.
SAME_MEETING = timedelta(hours=24)
# What an invitation says of a meeting, compared before and after reading it.
_INVITED = ("starts", "time_zone", "minutes", "place", "video_link", "phone")


@dataclass(frozen=True)
class Outcome:
    kind: str  # created, updated, cancelled, unchanged, needs_person, refused
    message: str  # what happened, in words for the user
    meeting: Meeting | None = None
    invitation: Invitation | None = None
    notes: tuple[str, ...] = field(default=())  # what the reader assumed (a zone, a length)

    @property
    def changed(self) -> bool:
        return self.kind in (CREATED, UPDATED, CANCELLED)


def take_invitation(
    user: AbstractBaseUser,
    ics: bytes,
    *,
    sender: str = "",
    person: Person | None = None,
    own: Iterable[str] = (),
) -> Outcome:
    """Read the calendar file and make, change or cancel the meeting it describes.

    `sender` is the address the file came from (a mail's From); `own` the user's addresses beyond
    their account's (the mailbox's), never taken for the person.
    """
    # A time without a zone is read in the zone the user last met in, as the meeting form starts.
    last = Meeting.objects.filter(owner_id=user.pk).order_by("-created").values_list("time_zone", flat=True)
    try:
        invitation = read_invitation(ics, default_zone=last.first() or settings.TIME_ZONE)
    except InvitationError as exc:
        return Outcome(REFUSED, str(exc))
    if person is not None and person.owner_id != user.pk:
        return Outcome(REFUSED, "That person is not one of yours.", invitation=invitation)
    own_addresses = {a.strip().lower() for a in (getattr(user, "email", ""), *own) if a}
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                outcome = _apply(user, invitation, sender.strip().lower(), person, own_addresses)
            break
        except IntegrityError:
            # The same invitation read at the same moment elsewhere (the mailbox and an upload):
            # the meeting is there now, so the second reading finds it.
            if attempt == 2:
                raise
        except (MeetingRefused, Refused) as exc:
            return Outcome(REFUSED, f"Nothing changed: {exc}", invitation=invitation, notes=invitation.notes)
    return Outcome(outcome.kind, outcome.message, outcome.meeting, invitation, invitation.notes)


def _apply(
    user: AbstractBaseUser, invitation: Invitation, sender: str, person: Person | None, own: set[str]
) -> Outcome:
    own_meeting = _OWN_UID.match(invitation.uid)
    if own_meeting and Meeting.objects.filter(owner_id=user.pk, pk=own_meeting.group(1)).exists():
        return Outcome(UNCHANGED, "This is coffeechat's own calendar file for one of your meetings.")
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("person", "exploration")
        .filter(owner_id=user.pk, invitation_uid=invitation.uid)
        .first()
    )
    if meeting is not None:
        return _cancel(meeting, invitation) if invitation.cancelled else _update(meeting, invitation)
    nothing = Outcome(UNCHANGED, "This cancels a meeting that is not in coffeechat: nothing to cancel.")
    if invitation.cancelled and invitation.starts is None:
        return nothing
    found = person or _person_for(user, invitation, sender, own)
    if isinstance(found, str):
        return nothing if invitation.cancelled else Outcome(NEEDS_PERSON, found)
    logged = _logged_by_hand(user, found, invitation)
    if invitation.cancelled:
        # The meeting the user put in by hand, cancelled by the invitation they never passed on.
        if logged is None:
            return nothing
        logged.invitation_uid = invitation.uid
        logged.save(update_fields=["invitation_uid"])
        return _cancel(logged, invitation)
    if logged is not None:
        return _update(logged, invitation, adopting=True)
    return _create(user, found, invitation)


def _person_for(user: AbstractBaseUser, invitation: Invitation, sender: str, own: set[str]) -> Person | str:
    """The one person the invitation is with, or why the user must say who."""
    people = people_for_user(user)
    for address in (invitation.organizer, sender):
        if address and address not in own:
            holders = list(people.filter(emails__address_key=address).distinct()[:2])
            if len(holders) == 1:
                return holders[0]
            if holders:
                return f"Several of your people have the address {address}: choose who the meeting is with."
    others = [a for a in invitation.attendees if a not in own]
    holders = list(people.filter(emails__address_key__in=others).distinct()[:2]) if others else []
    if len(holders) == 1:
        return holders[0]
    if holders:
        return "Several of your people are invited: choose who the meeting is with."
    named = [a for a in (invitation.organizer, sender, *others) if a and a not in own]
    if named:
        return f"None of your people has the address {named[0]}: choose who the meeting is with."
    return "The invitation names no one but you: choose who the meeting is with."


def _create(user: AbstractBaseUser, person: Person, invitation: Invitation) -> Outcome:
    assert invitation.starts is not None  # only a cancellation may leave the time out
    open_entries = list(
        PipelineEntry.objects.filter(person=person)
        .exclude(stage__in=lifecycle.EXITS)
        .select_related("exploration")[:2]
    )
    details = _details(invitation, entries=open_entries)
    meeting = schedule_meeting(user, person, details)
    meeting.invitation_uid, meeting.invitation_sequence = invitation.uid, invitation.sequence
    meeting.save(update_fields=["invitation_uid", "invitation_sequence"])
    held = " It already took place, so it counts as held." if meeting.held else ""
    return Outcome(CREATED, f"Meeting with {person.name} added: {_when(meeting)}.{held}", meeting)


def _logged_by_hand(user: AbstractBaseUser, person: Person, invitation: Invitation) -> Meeting | None:
    """A meeting the user put in for this person near the invitation's time: scheduled here, then
    the professional sent their own invitation. It is that meeting, not a second one."""
    assert invitation.starts is not None
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("person", "exploration")
        .filter(owner_id=user.pk, person=person, invitation_uid="", cancelled__isnull=True, held__isnull=True)
        .filter(starts__range=(invitation.starts - SAME_MEETING, invitation.starts + SAME_MEETING))
        .order_by("starts")
        .first()
    )


def _update(meeting: Meeting, invitation: Invitation, *, adopting: bool = False) -> Outcome:
    name = meeting.person.name
    if adopting:
        meeting.invitation_uid = invitation.uid
        meeting.save(update_fields=["invitation_uid"])
    elif invitation.sequence < meeting.invitation_sequence or (
        # Calendars often keep the sequence when only the place or the link changes.
        invitation.sequence == meeting.invitation_sequence
        and (meeting.cancelled or not _differs(meeting, invitation))
    ):
        return Outcome(
            UNCHANGED,
            f"The meeting with {name} is already up to date with this invitation (or a newer one).",
            meeting,
        )
    if meeting.cancelled:
        return Outcome(
            REFUSED,
            f"The meeting with {name} was cancelled; schedule a new one if it takes place after all.",
            meeting,
        )
    new = _details(invitation, keep=meeting)
    before = tuple(getattr(meeting, f) for f in _INVITED)
    after = tuple(getattr(new, f) for f in _INVITED)
    if before != after:
        meeting = change_meeting(meeting, new)
    Meeting.objects.filter(pk=meeting.pk).update(invitation_sequence=invitation.sequence)
    meeting.invitation_sequence = invitation.sequence
    already = f"The invitation is for the meeting with {name} you already had. " if adopting else ""
    if before == after:
        said = f"{already}The meeting with {name} stays as it was: nothing in it changed."
        return Outcome(UNCHANGED, said, meeting)
    return Outcome(UPDATED, f"{already}Meeting with {name} changed: {_when(meeting)}.", meeting)


def _differs(meeting: Meeting, invitation: Invitation) -> bool:
    new = _details(invitation, keep=meeting)
    return any(getattr(meeting, f) != getattr(new, f) for f in _INVITED)


def _cancel(meeting: Meeting, invitation: Invitation) -> Outcome:
    name = meeting.person.name
    if meeting.cancelled:
        return Outcome(UNCHANGED, f"The meeting with {name} is already cancelled.", meeting)
    if meeting.held:
        return Outcome(UNCHANGED, f"The meeting with {name} already took place; it stays as held.", meeting)
    if invitation.sequence < meeting.invitation_sequence:
        return Outcome(UNCHANGED, f"This cancellation is older than the invitation read for {name}.", meeting)
    meeting = cancel_meeting(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(invitation_sequence=invitation.sequence)
    return Outcome(CANCELLED, f"The meeting with {name} on {_when(meeting)} is cancelled.", meeting)


def _details(
    invitation: Invitation, *, entries: Sequence[PipelineEntry] = (), keep: Meeting | None = None
) -> MeetingDetails:
    """The meeting as the invitation has it; what it leaves empty keeps what the user wrote."""
    assert invitation.starts is not None
    return MeetingDetails(
        starts=invitation.starts,
        time_zone=invitation.time_zone,
        minutes=invitation.minutes,
        place=invitation.place or (keep.place if keep else ""),
        video_link=invitation.video_link or (keep.video_link if keep else ""),
        phone=invitation.phone or (keep.phone if keep else ""),
        # Only one open conversation tells which exploration the meeting is for.
        exploration=entries[0].exploration if len(entries) == 1 else None,
    )


def _when(meeting: Meeting) -> str:
    local = meeting.starts.astimezone(ZoneInfo(meeting.time_zone))
    return f"{local:%a %d %b %Y %H:%M} {meeting.time_zone}, {meeting.minutes} minutes"
