"""Invitations that come in: an uploaded (or mailed) calendar file makes, moves and cancels the meeting."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.test import Client

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import entry_for, record_event
from coffeechat.conversations.invitations import take_invitation
from coffeechat.conversations.meetings import MeetingDetails, schedule_meeting
from coffeechat.conversations.models import ConversationEvent, Meeting, PipelineEntry
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from tests.commands import run_json

FILES = Path(__file__).parent / "invitations"
OUTLOOK = (FILES / "outlook-request.ics").read_bytes()
GOOGLE = (FILES / "google-request.ics").read_bytes()
ZOOM = (FILES / "zoom.ics").read_bytes()


@pytest.fixture(autouse=True)
def before_the_meetings(settings: object, tmp_path: Path) -> None:
    clock = tmp_path / "now"
    clock.write_text("2026-11-25T12:00:00+00:00")
    settings.CLOCK_FILE = str(clock)  # type: ignore[attr-defined]


@pytest.fixture
def dana(user: User, make_person: Callable[..., Person]) -> Person:
    return make_person(user, "Dana Reyes", emails=["Dana.Reyes@example.com"])


def asked(user: User, person: Person, text: str = "product design") -> PipelineEntry:
    entry = entry_for(Exploration.objects.create(owner=user, text=text), person)
    record_event(entry, lifecycle.REQUEST_SENT_EVENT)
    return entry


def upload(client: Client, ics: bytes, url: str = "/meetings/invitation/") -> object:
    return client.post(url, {"file": SimpleUploadedFile("invite.ics", ics, "text/calendar")})


def changed(ics: bytes, *pairs: tuple[bytes, bytes]) -> bytes:
    for old, new in pairs:
        assert old in ics
        ics = ics.replace(old, new)
    return ics


def test_a_request_an_update_and_a_cancel_move_the_meeting_and_the_conversation(
    alex: Client, user: User, dana: Person
) -> None:
    entry = asked(user, dana)
    response = upload(alex, OUTLOOK)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.person == dana and meeting.exploration == entry.exploration
    assert meeting.starts == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)  # 10:00 Pacific
    assert (meeting.time_zone, meeting.minutes) == ("America/Los_Angeles", 30)
    assert meeting.video_link.startswith("https://teams.microsoft.com/l/meetup-join/")
    page = alex.get(response["Location"]).content.decode()
    assert "Meeting with Dana Reyes added" in page
    entry.refresh_from_db()
    assert entry.stage == lifecycle.SCHEDULED

    moved = changed(
        OUTLOOK, (b"SEQUENCE:0", b"SEQUENCE:1"), (b"T100000", b"T113000"), (b"T103000", b"T121500")
    )
    moved = changed(
        moved, (b"LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting", b"LOCATION:Blue Bottle, Market St")
    )
    upload(alex, moved)
    meeting.refresh_from_db()
    assert meeting.starts == datetime(2026, 12, 10, 19, 30, tzinfo=UTC)
    assert (meeting.minutes, meeting.place) == (45, "Blue Bottle, Market St")
    assert Meeting.objects.count() == 1
    assert "Meeting with Dana Reyes changed" in alex.get(f"/meetings/{meeting.pk}/").content.decode()

    upload(alex, changed(moved, (b"METHOD:REQUEST", b"METHOD:CANCEL"), (b"SEQUENCE:1", b"SEQUENCE:2")))
    meeting.refresh_from_db()
    entry.refresh_from_db()
    assert meeting.cancelled is not None
    assert entry.stage == lifecycle.REPLIED  # the named step back, as when cancelled by hand
    kinds = list(ConversationEvent.objects.filter(entry=entry).order_by("pk").values_list("kind", flat=True))
    assert kinds == [lifecycle.REQUEST_SENT_EVENT, lifecycle.MEETING_SCHEDULED, lifecycle.MEETING_CANCELLED]
    person_page = alex.get(dana.get_absolute_url()).content.decode()
    assert "(cancelled)" in person_page


def test_the_same_file_twice_or_an_older_one_records_nothing_twice(user: User, dana: Person) -> None:
    entry = asked(user, dana)
    first = take_invitation(user, OUTLOOK)
    again = take_invitation(user, OUTLOOK)
    assert (first.kind, again.kind) == ("created", "unchanged")
    newer = changed(
        OUTLOOK, (b"SEQUENCE:0", b"SEQUENCE:3"), (b"T100000", b"T140000"), (b"T103000", b"T143000")
    )
    assert take_invitation(user, newer).kind == "updated"
    assert take_invitation(user, OUTLOOK).kind == "unchanged"  # sequence 0 after 3: older
    # Calendars often keep the sequence when only the details change: what differs is still taken.
    same_sequence = changed(newer, (b"Microsoft Teams Meeting", b"Blue Bottle"), (b"T14", b"T16"))
    assert [take_invitation(user, same_sequence).kind, take_invitation(user, same_sequence).kind] == [
        "updated",
        "unchanged",
    ]
    meeting = Meeting.objects.get()
    assert (meeting.starts, meeting.place) == (datetime(2026, 12, 11, 0, 0, tzinfo=UTC), "Blue Bottle")
    assert ConversationEvent.objects.filter(entry=entry, kind=lifecycle.MEETING_SCHEDULED).count() == 1
    cancel = changed(newer, (b"STATUS:CONFIRMED", b"STATUS:CANCELLED"), (b"SEQUENCE:3", b"SEQUENCE:4"))
    assert [take_invitation(user, cancel).kind, take_invitation(user, cancel).kind] == [
        "cancelled",
        "unchanged",
    ]
    assert ConversationEvent.objects.filter(entry=entry, kind=lifecycle.MEETING_CANCELLED).count() == 1


def test_an_unknown_organizer_asks_whom_the_meeting_is_with(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    lena = make_person(user, "Lena Vogt", org="Atelier Nord")
    make_person(user, "Lena Marsh")
    response = upload(alex, GOOGLE)
    page = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "None of your people has the address lena.vogt@example.com" in page
    assert "Lena Vogt" in page and "Atelier Nord" in page  # found by the organizer's name
    assert "Thu 3 Dec 2026 15:00 (Europe/Berlin)" in page  # in the invitation's own zone
    response = alex.post("/meetings/invitation/", {"ics": base64.b64encode(GOOGLE).decode(), "q": "Marsh"})
    assert "Lena Marsh" in response.content.decode() and "Atelier Nord" not in response.content.decode()
    response = alex.post(
        "/meetings/invitation/",
        {"ics": base64.b64encode(GOOGLE).decode(), "person": lena.pk, "action": "take"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.person == lena and meeting.exploration is None
    assert meeting.starts == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert meeting.video_link == "https://meet.google.com/abc-defg-hij"


def test_it_is_added_from_the_persons_page_with_that_person(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    priya = make_person(user, "Priya Natarajan")
    assert "Add an invitation you received" in alex.get(priya.get_absolute_url()).content.decode()
    response = upload(alex, ZOOM, f"/people/{priya.pk}/invitation/")
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.person == priya
    assert meeting.minutes == 45 and meeting.phone.startswith("+16465588656")


def test_another_users_person_is_a_404_and_changes_nothing(
    alex: Client, other_user: User, make_person: Callable[..., Person]
) -> None:
    theirs = make_person(other_user, "Dana Reyes", emails=["dana.reyes@example.com"])
    assert upload(alex, OUTLOOK, f"/people/{theirs.pk}/invitation/").status_code == 404
    chosen = {"ics": base64.b64encode(OUTLOOK).decode(), "person": theirs.pk, "action": "take"}
    assert alex.post("/meetings/invitation/", chosen).status_code == 404
    response = upload(alex, OUTLOOK)  # their address is not one of alex's people
    assert response.status_code == 200 and "choose who" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_bad_file_gets_a_clear_message_and_changes_nothing(alex: Client, dana: Person) -> None:
    whole_day = GOOGLE.replace(b"DTSTART;TZID=Europe/Berlin:20261203T150000", b"DTSTART;VALUE=DATE:20261203")
    for ics, said in [
        (b"hello", "This is not a calendar invitation"),
        (whole_day, "whole day of 03 December 2026"),
        (GOOGLE.replace(b"SEQUENCE:0", b"RRULE:FREQ=WEEKLY\nSEQUENCE:0"), "repeating series"),
    ]:
        response = upload(alex, ics)
        assert response.status_code == 400 and said in response.content.decode()
    empty = alex.post("/meetings/invitation/", {}).content.decode()
    assert "Choose the invitation file (.ics) to add." in empty
    assert not Meeting.objects.exists()


def test_from_the_mailbox_the_sender_or_an_attendee_tells_the_person(
    user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    priya = make_person(user, "Priya Natarajan", emails=["priya@example.net"])
    # A Zoom file names no one: the mail's sender does.
    assert take_invitation(user, ZOOM, sender="Priya@Example.net").meeting.person == priya  # type: ignore[union-attr]
    # Sent by someone not known (an assistant), to the user and an attendee who is known.
    user.email = "sam@example.org"
    lena = make_person(user, "Lena Vogt", emails=["lena.vogt@example.com"])
    by_assistant = GOOGLE.replace(
        b"ORGANIZER;CN=Lena Vogt:mailto:Lena.Vogt@example.com", b"ORGANIZER:mailto:pa@ex.com"
    )
    assert take_invitation(user, by_assistant, sender="pa@ex.com").meeting.person == lena  # type: ignore[union-attr]
    # Another account's person is never used, even when handed in.
    theirs = make_person(other_user, "Someone Else")
    assert take_invitation(user, OUTLOOK, person=theirs).kind == "refused"


def test_an_invitation_for_a_meeting_already_scheduled_here_completes_it(user: User, dana: Person) -> None:
    entry = asked(user, dana)
    ten_pacific = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    by_hand = MeetingDetails(ten_pacific, "UTC", 30, exploration=entry.exploration)
    meeting = schedule_meeting(user, dana, by_hand)
    outcome = take_invitation(user, OUTLOOK)
    assert outcome.kind == "updated" and outcome.meeting == meeting and Meeting.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.time_zone == "America/Los_Angeles" and meeting.video_link.startswith("https://teams.")
    assert ConversationEvent.objects.filter(entry=entry, kind=lifecycle.MEETING_SCHEDULED).count() == 1
    cancel = changed(OUTLOOK, (b"METHOD:REQUEST", b"METHOD:CANCEL"), (b"SEQUENCE:0", b"SEQUENCE:1"))
    assert take_invitation(user, cancel).kind == "cancelled"


def test_a_cancellation_for_a_meeting_put_in_by_hand_cancels_it(user: User, dana: Person) -> None:
    entry = asked(user, dana)
    ten_pacific = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    meeting = schedule_meeting(
        user, dana, MeetingDetails(ten_pacific, "UTC", 30, exploration=entry.exploration)
    )
    cancel = changed(OUTLOOK, (b"METHOD:REQUEST", b"METHOD:CANCEL"))
    assert [take_invitation(user, cancel).kind, take_invitation(user, cancel).kind] == [
        "cancelled",
        "unchanged",
    ]
    meeting.refresh_from_db()
    assert meeting.cancelled is not None and Meeting.objects.count() == 1
    assert ConversationEvent.objects.filter(entry=entry, kind=lifecycle.MEETING_CANCELLED).count() == 1
    # Nothing near that time for anyone it names: nothing to cancel, as before.
    elsewhere = changed(cancel, (b"20261210T", b"20261220T"), (b"UID:", b"UID:another-"))
    assert "nothing to cancel" in take_invitation(user, elsewhere).message


def test_two_open_conversations_leave_the_exploration_to_the_user(user: User, dana: Person) -> None:
    asked(user, dana, "product design")
    asked(user, dana, "research operations")
    meeting = take_invitation(user, OUTLOOK).meeting
    assert meeting is not None and meeting.exploration is None
    assert set(PipelineEntry.objects.values_list("stage", flat=True)) == {lifecycle.REQUEST_SENT}


def test_the_command_adds_it_and_asks_for_a_person_when_none_matches(
    user: User, make_person: Callable[..., Person], tmp_path: Path
) -> None:
    path = tmp_path / "invite.ics"
    path.write_bytes(GOOGLE)
    with pytest.raises(CommandError, match=r"lena\.vogt@example\.com.*--person ID"):
        run_json("meetings", "invitation", str(path))
    lena = make_person(user, "Lena Vogt")
    result = run_json("meetings", "invitation", str(path), "--person", str(lena.pk))
    assert result["outcome"] == "created" and result["meeting"]["person"] == "Lena Vogt"
    assert result["meeting"]["starts"] == "2026-12-03T15:00:00+01:00"
    assert run_json("meetings", "invitation", str(path))["outcome"] == "unchanged"
    with pytest.raises(CommandError, match=r"missing\.ics"):
        run_json("meetings", "invitation", str(tmp_path / "missing.ics"))
