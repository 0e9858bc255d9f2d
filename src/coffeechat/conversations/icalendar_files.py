"""Meetings and due follow-ups as iCalendar, for a download or a subscribed feed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from coffeechat.conversations.models import Meeting

REMINDER = timedelta(minutes=30)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//coffeechat//informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _local(moment: datetime, zone_name: str) -> datetime:
    """The moment in its zone; in UTC when the zone is unknown or the moment is at the edge of time."""
    try:
        return moment.astimezone(ZoneInfo(zone_name))
    except (ZoneInfoNotFoundError, ValueError, OverflowError):
        return moment.astimezone(UTC)


def _add_end(event: Event, start: date, length: timedelta) -> None:
    """DTEND, or a DURATION when the end would fall after the year 9999 (a date stored before the
    forms refused it, or restored from elsewhere, must not break the whole feed)."""
    try:
        event.add("dtend", start + length)
    except OverflowError:
        event.add("duration", length)


def meeting_event(meeting: Meeting) -> Event:
    starts = _local(meeting.starts, meeting.time_zone)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@coffeechat")
    event.add("dtstamp", meeting.cancelled or meeting.created)
    # Calendar apps replace an event they have when the same UID comes with a higher SEQUENCE.
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("dtstart", starts)
    _add_end(event, starts, timedelta(minutes=meeting.minutes))
    event.add("summary", f"Informational interview with {meeting.person.name}")
    where = meeting.place or meeting.video_link or (f"Phone {meeting.phone}" if meeting.phone else "")
    if where:
        event.add("location", where)
    details = [
        f"Exploring: {meeting.exploration.text}" if meeting.exploration else "",
        meeting.video_link,
        f"Phone: {meeting.phone}" if meeting.phone else "",
    ]
    event.add("description", "\n".join(d for d in details if d))
    if meeting.cancelled:
        return event
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In 30 minutes: {meeting.person.name}")
    alarm.add("trigger", -REMINDER)
    event.add_component(alarm)
    return event


def meeting_ics(meeting: Meeting) -> bytes:
    """One meeting; once cancelled, a cancellation that takes it off the calendar it was added to."""
    calendar = _calendar("coffeechat")
    calendar.add("method", "CANCEL" if meeting.cancelled else "PUBLISH")
    calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(meetings: list[Meeting], follow_ups: list[tuple[date, str, str]]) -> bytes:
    """A feed: the meetings, and each due follow-up as an all-day event on its due date."""
    calendar = _calendar("coffeechat")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    for due, uid, text in follow_ups:
        event = Event()
        event.add("uid", f"{uid}@coffeechat")
        event.add("dtstamp", due)
        event.add("dtstart", due)
        _add_end(event, due, timedelta(days=1))
        event.add("summary", text)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
