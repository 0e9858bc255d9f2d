"""Calendar invitations someone sent the user, read from an iCalendar file (pure: no database).

What a meeting needs is taken from the first event: when (in its own zone), how long, where, the
video link and a dial-in, who sent it and to whom, and whether it was called off. Anything the
reader cannot use is refused with an `InvitationError` whose message a user can act on.

Choices where calendars differ:
- Several events in one file: the first is read and a note says so (a forwarded agenda, say).
- A repeating series (RRULE/RDATE) is refused: an informational interview is one conversation,
  and taking "the next occurrence" would pin the meeting to a series that later changes could
  not follow. One changed occurrence of a series (RECURRENCE-ID) is that one meeting, known by
  its UID and the occurrence it replaces.
- A whole-day event (a date without a time) is refused: a meeting needs its time.
- A time without a zone ("floating") is read in `default_zone`, the user's zone, with a note.
- Outlook names zones the Windows way ("Pacific Standard Time"); the file's own VTIMEZONE
  gives the right moment, and the IANA name (America/Los_Angeles) is looked up for the meeting.
  A time in UTC, or in a zone whose name is made up, is shown in the user's zone (`default_zone`).
- No DTEND or DURATION: 30 minutes, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Component
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

MAX_BYTES = 1_000_000  # an invitation is a few kilobytes; a big file is something else
DEFAULT_MINUTES = 30
MAX_MINUTES = 240  # the meeting form's own limits
MIN_MINUTES = 5
MAX_LINK = 1000  # what the meeting's video link column holds
MAX_PHONE = 64
MAX_PLACE = 300
MAX_SEQUENCE = 2**31 - 1  # what the meeting's sequence column holds on PostgreSQL
METHODS = ("REQUEST", "PUBLISH", "CANCEL", "")
UTC_NAMES = (
    "UTC",
    "Etc/UTC",
    "Etc/GMT",
    "GMT",
    "Etc/Zulu",
    "Zulu",
    "Etc/UCT",
    "UCT",
    "Universal",
    "Etc/Universal",
)

# Hosts of video calls, looked for first wherever the invitation mentions a link.
VIDEO_HOSTS = (
    "zoom.us",
    "zoom.com",
    "meet.google.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "meet.jit.si",
    "gotomeeting.com",
    "chime.aws",
    "bluejeans.com",
)
# Links calendars add to a description that are never the meeting: help pages and the event itself.
NOT_THE_MEETING = (
    "support.google.com",
    "calendar.google.com",
    "www.google.com",
    "aka.ms",
    "go.microsoft.com",
    "support.zoom.us",
    "support.zoom.com",
    "outlook.office365.com",
    "outlook.live.com",
)
_LINK = re.compile(r"https://[^\s<>\"'()\[\]{}|\\^`]+", re.IGNORECASE)
_TEL = re.compile(r"tel:(\+?[\d().\- ]{6,}[\d](?:,+[\d*#]+)*)", re.IGNORECASE)
_PHONE = re.compile(r"\+\d[\d ().\-]{6,}\d(?:,+[\d*#]+)*")


class InvitationError(ValueError):
    """The file cannot be read as an invitation; the message says why and what to do."""


@dataclass(frozen=True)
class Invitation:
    method: str  # REQUEST, PUBLISH, CANCEL, or "" when the file names none
    uid: str  # with "#<recurrence id>" for one changed occurrence of a series
    sequence: int
    starts: datetime | None  # aware; None only in a cancellation that leaves the time out
    time_zone: str  # an IANA name; the user's zone when given in UTC or in a zone no one can name
    minutes: int
    place: str
    video_link: str
    phone: str
    organizer: str  # the address, lower-cased, "" when none
    organizer_name: str
    attendees: tuple[str, ...]  # addresses, lower-cased
    summary: str
    cancelled: bool  # METHOD:CANCEL or STATUS:CANCELLED
    notes: tuple[str, ...] = ()  # what the reader assumed or left out, for the user

    def addresses(self) -> tuple[str, ...]:
        """Everyone the invitation names, organizer first."""
        return tuple(dict.fromkeys(a for a in (self.organizer, *self.attendees) if a))


def read_invitation(raw: bytes, *, default_zone: str = "UTC") -> Invitation:
    """The invitation in `raw`, or InvitationError saying what is wrong with the file."""
    if len(raw) > MAX_BYTES:
        raise InvitationError(
            f"The file is {len(raw) // 1000} KB, more than an invitation ({MAX_BYTES // 1000} KB at most)."
        )
    text = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise InvitationError(
            "This is not a calendar invitation: an iCalendar file (.ics) starts with BEGIN:VCALENDAR."
        )
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError… on broken input
        raise InvitationError(f"The calendar file cannot be read: {_reason(exc)}.") from None
    if not calendars:
        raise InvitationError(
            "The calendar file cannot be read: it is cut short (BEGIN:VCALENDAR without END:VCALENDAR)."
        )
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    if not events:
        raise InvitationError("The calendar file holds no event (VEVENT), so there is no meeting in it.")
    method = _text(calendars[0], "METHOD").upper()
    if method not in METHODS:
        raise InvitationError(
            f"This file is a calendar {method} (an answer or a question about an invitation), "
            "not an invitation: there is no meeting to add."
        )
    notes = []
    if len({_text(e, "UID") for e in events}) > 1:
        notes.append(f"The file holds {len(events)} events; only the first was read.")
    return _event(events[0], method, default_zone, notes)


def _event(event: Component, method: str, default_zone: str, notes: list[str]) -> Invitation:
    uid = _text(event, "UID")
    if not uid:
        raise InvitationError(
            "The event has no UID, so a later change or cancellation could not be matched to it; "
            "add the meeting by hand."
        )
    if "RRULE" in event or "RDATE" in event:
        raise InvitationError(
            "This invitation is a repeating series; an informational interview is one meeting, "
            "so add it by hand (or ask for a single invitation)."
        )
    if "RECURRENCE-ID" in event:
        uid = f"{uid}#{_text(event, 'RECURRENCE-ID')}"
    cancelled = method == "CANCEL" or _text(event, "STATUS").upper() == "CANCELLED"
    starts, zone = _start(event, default_zone, notes, required=not cancelled)
    minutes = _minutes(event, starts, notes) if starts is not None else DEFAULT_MINUTES
    organizer, organizer_name = _address(event.get("ORGANIZER"))
    texts = {key: _text(event, key) for key in ("LOCATION", "URL", "X-GOOGLE-CONFERENCE", "DESCRIPTION")}
    video_link = _video_link(texts, notes)
    place = texts["LOCATION"]
    if video_link and (place == video_link or _is_only_video_words(place)):
        place = ""  # "Microsoft Teams Meeting", "Zoom": the link says where
    return Invitation(
        method=method,
        uid=uid[:300],
        sequence=_sequence(event),
        starts=starts,
        time_zone=zone,
        minutes=minutes,
        place=place[:MAX_PLACE],
        video_link=video_link,
        phone=_phone(texts),
        organizer=organizer,
        organizer_name=organizer_name,
        attendees=tuple(a for a, _ in map(_address, _listed(event.get("ATTENDEE"))) if a),
        summary=_text(event, "SUMMARY"),
        cancelled=cancelled,
        notes=tuple(notes),
    )


def _start(
    event: Component, default_zone: str, notes: list[str], *, required: bool
) -> tuple[datetime | None, str]:
    if isinstance(event.get("DTSTART"), list):
        raise InvitationError("The event gives its start time (DTSTART) twice, so it says no one time.")
    if "DTSTART" not in event:
        if required:
            raise InvitationError("The event has no start time (DTSTART), so there is no meeting to add.")
        return None, "UTC"
    try:
        value = event.decoded("DTSTART")
    except Exception as exc:
        raise InvitationError(f"The start time (DTSTART) cannot be read: {_reason(exc)}.") from None
    if not isinstance(value, datetime):
        if isinstance(value, date):
            raise InvitationError(
                f"This invitation is for the whole day of {value:%d %B %Y}, without a time; "
                "add the meeting by hand with its time."
            )
        raise InvitationError(f"The start time (DTSTART) cannot be read: {str(value)[:60]!r} is not a time.")
    if value.tzinfo is None:
        zone = _known_zone(default_zone) or "UTC"
        notes.append(f"The invitation gives its time without a time zone; it was read as {zone} time.")
        return value.replace(tzinfo=ZoneInfo(zone)), zone
    zone = _zone_name(value, str(event["DTSTART"].params.get("TZID", "")), default_zone, notes)
    return value.astimezone(ZoneInfo(zone)), zone


def _zone_name(value: datetime, tzid: str, default_zone: str, notes: list[str]) -> str:
    """The IANA name of the start's zone: its own key, or the Windows name looked up. A time in UTC,
    or in a zone with a made-up name (the file's own VTIMEZONE gave the moment), is shown in the
    user's zone: the same moment, in the hours they live by."""
    key = getattr(value.tzinfo, "key", "")
    for name in (key, tzid, WINDOWS_TO_OLSON.get(tzid, ""), _tail(tzid)):
        known = _known_zone(name)
        if known and known not in UTC_NAMES:
            return known
    user_zone = _known_zone(default_zone) or "UTC"
    if tzid and not any(_known_zone(n) for n in (key, tzid)):
        notes.append(
            f"The invitation's time zone “{tzid[:60]}” has no standard name; it is shown in {user_zone}."
        )
    return user_zone


def _tail(tzid: str) -> str:
    """Some calendars prefix the IANA name ("/freeassociation.sourceforge.net/Europe/Paris")."""
    parts = tzid.strip("/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 else ""


def _known_zone(name: str) -> str:
    if not name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ""
    return name


def _minutes(event: Component, starts: datetime, notes: list[str]) -> int:
    length: timedelta | None = None
    try:
        if "DTEND" in event:
            ends = event.decoded("DTEND")
            if isinstance(ends, datetime):
                length = (ends if ends.tzinfo else ends.replace(tzinfo=starts.tzinfo)) - starts
        elif "DURATION" in event:
            duration = event.decoded("DURATION")
            length = duration if isinstance(duration, timedelta) else None
    except Exception as exc:
        raise InvitationError(f"The end (DTEND or DURATION) cannot be read: {_reason(exc)}.") from None
    if length is None or length <= timedelta(0):
        notes.append(f"The invitation gives no length; {DEFAULT_MINUTES} minutes were assumed.")
        return DEFAULT_MINUTES
    minutes = round(length.total_seconds() / 60)
    if minutes > MAX_MINUTES:
        raise InvitationError(
            f"The meeting lasts {minutes} minutes, longer than a conversation ({MAX_MINUTES} at most); "
            "add it by hand if it is one."
        )
    return max(minutes, MIN_MINUTES)


def _sequence(event: Component) -> int:
    try:
        return min(max(0, int(str(event.get("SEQUENCE", 0)).strip())), MAX_SEQUENCE)
    except ValueError:
        return 0


def _video_link(texts: dict[str, str], notes: list[str]) -> str:
    """A video call's address: a known host anywhere first, then any https link where the place is
    given, then one in the description that is not a calendar's help page."""
    where = [texts["X-GOOGLE-CONFERENCE"], texts["LOCATION"], texts["URL"]]
    everywhere = [*where, texts["DESCRIPTION"]]
    found: list[str] = [link.rstrip(".,;:!?") for text in everywhere for link in _LINK.findall(text)]
    video = [link for link in found if _host_in(link, VIDEO_HOSTS)]
    placed: list[str] = [link.rstrip(".,;:!?") for text in where for link in _LINK.findall(text)]
    described = [link for link in found if not _host_in(link, NOT_THE_MEETING)]
    candidates = [*video, *placed, *described]
    fitting = [link for link in candidates if len(link) <= MAX_LINK]
    if candidates and not fitting:
        notes.append("The video link is too long to keep; open it from the invitation.")
    return fitting[0] if fitting else ""


def _host_in(link: str, hosts: tuple[str, ...]) -> bool:
    host = link[len("https://") :].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def _is_only_video_words(place: str) -> bool:
    words = place.lower()
    return bool(words) and any(
        name in words for name in ("teams meeting", "zoom", "google meet", "webex", "video call")
    )


def _phone(texts: dict[str, str]) -> str:
    """The first dial-in: a tel: address, else a number written +<country>… near the meeting's text."""
    for text in (texts["LOCATION"], texts["X-GOOGLE-CONFERENCE"], texts["DESCRIPTION"]):
        for pattern in (_TEL, _PHONE):
            match = pattern.search(text)
            if match:
                number = match.group(1) if pattern is _TEL else match.group(0)
                return number.strip()[:MAX_PHONE]
    return ""


def _address(value: Any) -> tuple[str, str]:
    """(address lower-cased, name) of an ORGANIZER or ATTENDEE; ("", "") when there is none."""
    if value is None:
        return "", ""
    address = str(value).strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    params = getattr(value, "params", {})
    name = str(params.get("CN", "")).strip().strip('"')
    address = address.strip().lower()
    return (address if "@" in address else ""), name


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(component: Component, key: str) -> str:
    value = component.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if hasattr(value, "dt"):  # a date or time property (RECURRENCE-ID): its moment in UTC
        moment = value.dt
        if isinstance(moment, datetime) and moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.isoformat() if isinstance(moment, date) else str(moment)
    return str(value).strip()


def _reason(exc: Exception) -> str:
    said = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return said[:200]
