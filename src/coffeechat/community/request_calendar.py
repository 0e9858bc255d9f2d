"""A request's set time as an .ics: the member's own meeting (conversations' file), or for the volunteer,
who keeps no record of the member, an event made from the request alone."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event

from coffeechat.community.models import Request
from coffeechat.community.requests import member_meeting, member_name
from coffeechat.conversations.icalendar_files import meeting_ics


def request_ics(request: Request, *, for_member: bool) -> bytes | None:
    """The meeting as an .ics for one side; None while no time is set."""
    if request.meeting_starts is None or request.status != Request.Status.ACCEPTED:
        return None
    if for_member:
        meeting = member_meeting(request)
        return meeting_ics(meeting) if meeting is not None else None
    event = Event()
    event.add("uid", f"community-request-{request.pk}@coffeechat")
    event.add("dtstamp", request.answered or request.created)
    event.add("status", "CONFIRMED")
    event.add("dtstart", request.meeting_starts)
    event.add("dtend", request.meeting_starts + timedelta(minutes=request.meeting_minutes))
    who = member_name(request.member_id)
    event.add("summary", f"Informational interview with {who}")
    if request.way:
        event.add("location", request.get_way_display())
    event.add("description", f"{who} is exploring: {request.exploration_text}\n\n{request.message}")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"In 30 minutes: {who}")
    alarm.add("trigger", -timedelta(minutes=30))
    event.add_component(alarm)
    calendar = Calendar()
    calendar.add("prodid", "-//coffeechat//informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
