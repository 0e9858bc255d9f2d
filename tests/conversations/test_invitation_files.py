"""Reading invitations from calendar files: Google Calendar, Outlook/Exchange, Zoom, and bad files."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coffeechat.conversations.invitation_files import InvitationError, read_invitation

FILES = Path(__file__).parent / "invitations"


def raw(name: str) -> bytes:
    return (FILES / name).read_bytes()


def without_zone_block(ics: bytes) -> bytes:
    return re.sub(rb"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r?\n", b"", ics, flags=re.S)


def test_it_reads_a_google_calendar_invitation() -> None:
    found = read_invitation(raw("google-request.ics"))
    assert found.method == "REQUEST"
    assert found.uid == "5k1q2r3s4t5u6v7w8x9y0zabcd@google.com"
    assert found.starts is not None
    assert found.starts.astimezone(UTC) == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert (found.time_zone, found.minutes) == ("Europe/Berlin", 30)
    assert found.video_link == "https://meet.google.com/abc-defg-hij"
    assert found.phone == "+1 646-555-0134"
    assert (found.organizer, found.organizer_name) == ("lena.vogt@example.com", "Lena Vogt")
    assert "sam@example.org" in found.attendees
    assert not found.cancelled and found.notes == ()


def test_it_reads_an_outlook_invitation_with_a_windows_zone_name() -> None:
    found = read_invitation(raw("outlook-request.ics"))
    assert found.starts is not None
    # 10:00 Pacific in December is 18:00 UTC; the zone gets its IANA name.
    assert found.starts.astimezone(UTC) == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)
    assert found.time_zone == "America/Los_Angeles"
    assert found.video_link.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert found.place == ""  # "Microsoft Teams Meeting": the link says where
    assert found.organizer == "dana.reyes@example.com"
    assert found.attendees == ("sam@example.org",)


def test_it_reads_a_windows_zone_without_its_definition_in_summer_time() -> None:
    summer = without_zone_block(raw("outlook-request.ics")).replace(b"20261210T", b"20260610T")
    found = read_invitation(summer)
    assert found.starts is not None
    assert found.starts.astimezone(UTC) == datetime(2026, 6, 10, 17, 0, tzinfo=UTC)
    assert found.time_zone == "America/Los_Angeles"


def test_a_zone_with_a_made_up_name_or_utc_is_shown_in_the_users_zone() -> None:
    name = b"(UTC-08:00) Pacific Time (US & Canada)"  # Outlook's display name, quoted for its colon
    custom = raw("outlook-request.ics").replace(b"TZID=Pacific Standard Time", b'TZID="' + name + b'"')
    custom = custom.replace(b"TZID:Pacific Standard Time", b"TZID:" + name)
    found = read_invitation(custom, default_zone="Europe/Berlin")
    assert found.starts is not None
    assert found.starts.astimezone(UTC) == datetime(2026, 12, 10, 18, 0, tzinfo=UTC)  # its VTIMEZONE's rules
    assert found.time_zone == "Europe/Berlin"
    assert found.notes == (
        "The invitation's time zone “(UTC-08:00) Pacific Time (US & Canada)” has no standard name; "
        "it is shown in Europe/Berlin.",
    )
    in_utc = raw("zoom.ics").replace(
        b"DTSTART;TZID=America/New_York:20261208T090000", b"DTSTART:20261208T140000Z"
    )
    found = read_invitation(in_utc, default_zone="America/Chicago")
    assert found.time_zone == "America/Chicago" and found.notes == ()
    assert found.starts is not None and found.starts.hour == 8


def test_it_reads_a_zoom_invitation() -> None:
    found = read_invitation(raw("zoom.ics"))
    assert found.method == "PUBLISH"
    assert found.starts is not None
    assert found.starts.astimezone(UTC) == datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
    assert found.minutes == 45
    assert found.video_link == "https://us02web.zoom.us/j/87654321098?pwd=QWErtyUIop1234"
    assert found.place == ""
    assert found.phone.startswith("+16465588656,,87654321098#")
    assert found.organizer == ""


def test_a_cancellation_is_read_as_cancelled() -> None:
    ics = raw("outlook-request.ics").replace(b"METHOD:REQUEST", b"METHOD:CANCEL")
    ics = ics.replace(b"SEQUENCE:0", b"SEQUENCE:2")
    found = read_invitation(ics)
    assert found.cancelled and found.sequence == 2
    google = raw("google-request.ics")
    assert read_invitation(google.replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED")).cancelled


def test_a_floating_time_is_read_in_the_users_zone_and_said_so() -> None:
    ics = raw("google-request.ics").replace(b"DTSTART;TZID=Europe/Berlin:", b"DTSTART:")
    ics = ics.replace(b"DTEND;TZID=Europe/Berlin:", b"DTEND:")
    found = read_invitation(ics, default_zone="America/Chicago")
    assert found.starts is not None
    assert found.starts.astimezone(UTC) == datetime(2026, 12, 3, 21, 0, tzinfo=UTC)
    assert found.time_zone == "America/Chicago"
    assert "without a time zone" in found.notes[0]


def test_a_duration_gives_the_length_and_none_gives_thirty_minutes_said() -> None:
    with_duration = raw("zoom.ics").replace(b"DTEND;TZID=America/New_York:20261208T094500", b"DURATION:PT1H")
    assert read_invitation(with_duration).minutes == 60
    without = read_invitation(raw("zoom.ics").replace(b"DTEND;TZID=America/New_York:20261208T094500\n", b""))
    assert without.minutes == 30
    assert "30 minutes were assumed" in without.notes[0]


def test_several_events_the_first_is_read_and_it_says_so() -> None:
    ics = raw("zoom.ics")
    event = re.search(rb"BEGIN:VEVENT.*?END:VEVENT\n", ics, flags=re.S)
    assert event is not None
    second = event.group(0).replace(b"UID:2026", b"UID:other-2026").replace(b"20261208T09", b"20261209T09")
    found = read_invitation(ics.replace(b"END:VCALENDAR", second + b"END:VCALENDAR"))
    assert found.starts is not None and found.starts.day == 8
    assert found.notes == ("The file holds 2 events; only the first was read.",)


@pytest.mark.parametrize(
    ("ics", "said"),
    [
        (b"", "not a calendar invitation"),
        (b"%PDF-1.4 not a calendar", "not a calendar invitation"),
        (b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "no event (VEVENT)"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VCALENDAR\n", "cannot be read"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:hi\nEND:VEVENT\nEND:VCALENDAR\n", "no start time"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261203T150000Z\nEND:VEVENT\nEND:VCALENDAR\n", "no UID"),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20261203\nEND:VEVENT\nEND:VCALENDAR\n",
            "whole day of 03 December 2026",
        ),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:2026-12-03 nonsense\nEND:VEVENT\nEND:VCALENDAR\n",
            "start time (DTSTART) cannot be read",
        ),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20261203T150000Z\nRRULE:FREQ=WEEKLY\n"
            b"END:VEVENT\nEND:VCALENDAR\n",
            "repeating series",
        ),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20261203T150000Z\nDTEND:20261204T150000Z\n"
            b"END:VEVENT\nEND:VCALENDAR\n",
            "lasts 1440 minutes",
        ),
        (
            b"BEGIN:VCALENDAR\nMETHOD:REPLY\nBEGIN:VEVENT\nUID:x\nDTSTART:20261203T150000Z\n"
            b"END:VEVENT\nEND:VCALENDAR\n",
            "calendar REPLY",
        ),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20261203T150000Z\nDTSTART:20261204T150000Z\n"
            b"END:VEVENT\nEND:VCALENDAR\n",
            "start time (DTSTART) twice",
        ),
        (b"BEGIN:VCALENDAR\n\xff\xfe\x00garbage", "cannot be read"),
        (b"BEGIN:VCALENDAR\n" + b"X" * 1_000_001, "more than an invitation"),
    ],
)
def test_bad_files_get_a_clear_message(ics: bytes, said: str) -> None:
    with pytest.raises(InvitationError, match=re.escape(said)):
        read_invitation(ics)


def test_a_cancellation_without_a_time_is_still_a_cancellation() -> None:
    found = read_invitation(
        b"BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:abc@google.com\nSEQUENCE:3\n"
        b"END:VEVENT\nEND:VCALENDAR\n"
    )
    assert found.cancelled and found.starts is None and found.uid == "abc@google.com"


def test_a_huge_sequence_is_read_as_the_largest_the_database_holds() -> None:
    found = read_invitation(raw("outlook-request.ics").replace(b"SEQUENCE:0", b"SEQUENCE:9999999999"))
    assert found.sequence == 2**31 - 1
