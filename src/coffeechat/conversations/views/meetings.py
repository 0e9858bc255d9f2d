"""Meetings: scheduling, changing, cancelling, deleting, calendar files and the private feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.conversations.access import get_meeting_for_user, meetings_for_user
from coffeechat.conversations.events import Refused
from coffeechat.conversations.forms import MeetingForm
from coffeechat.conversations.icalendar_files import feed_ics, meeting_ics
from coffeechat.conversations.meeting_steps import next_step
from coffeechat.conversations.meetings import (
    MeetingRefused,
    cancel_meeting,
    change_meeting,
    delete_meeting,
    schedule_meeting,
    steps_for,
    what_goes_with,
)
from coffeechat.conversations.models import CalendarFeed
from coffeechat.conversations.today import today_items
from coffeechat.network.access import get_person_for_user
from coffeechat.outreach.models import new_feed_token


def meeting_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = MeetingForm(request.POST or None, owner=request.user, initial=MeetingForm.initial_new(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = schedule_meeting(request.user, person, form.details())
        except Refused as exc:
            messages.error(request, f"Not saved: {exc}")
        else:
            held = " It already took place, so it counts as held." if meeting.held else ""
            messages.success(request, f"Meeting with {person.name} saved.{held}")
            return redirect(meeting)
    return render(request, "conversations/meeting_form.html", {"form": form, "person": person})


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_meeting_for_user(request.user, meeting_id)
    steps = steps_for(found)
    context = {"meeting": found, "steps": steps, "next_step": next_step([s for s, _ in steps])}
    return render(request, "conversations/meeting.html", context)


def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_meeting_for_user(request.user, meeting_id)
    form = MeetingForm(request.POST or None, owner=request.user, initial=MeetingForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        try:
            change_meeting(found, form.details())
        except MeetingRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Meeting changed; download the .ics again, or let the feed update it.")
            return redirect(found)
    context = {"form": form, "person": found.person, "meeting": found}
    return render(request, "conversations/meeting_form.html", context)


@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_meeting_for_user(request.user, meeting_id)
    try:
        cancel_meeting(found)
    except (MeetingRefused, Refused) as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, "Meeting cancelled. Download the .ics to take it off your calendar.")
    return redirect(found)


def meeting_delete(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_meeting_for_user(request.user, meeting_id)
    going = what_goes_with(found)
    if request.method == "POST":
        if going and request.POST.get("confirm") != "everything":
            messages.error(request, "Tick the box to confirm that your notes go too.")
            return redirect("conversations:meeting_delete", found.pk)
        person = found.person
        delete_meeting(found)
        messages.success(request, f"The meeting with {person.name} is deleted.")
        return redirect(person)
    return render(request, "conversations/meeting_delete.html", {"meeting": found, "going": going})


def meeting_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_meeting_for_user(request.user, meeting_id)
    response = HttpResponse(meeting_ics(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@login_not_required
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribed calendar: the secret in the address is the only key, so no sign-in."""
    found = CalendarFeed.objects.filter(token=token).select_related("owner").first()
    if found is None:
        raise Http404("no such calendar")
    meetings = list(meetings_for_user(found.owner).select_related("person", "exploration"))
    follow_ups = [
        (i.due, f"{i.kind}-{i.person.pk}-{i.due:%Y%m%d}", i.text)
        for i in today_items(found.owner)
        if i.kind not in ("meeting",)
    ]
    return HttpResponse(feed_ics(meetings, follow_ups), content_type="text/calendar; charset=utf-8")


def calendar_settings(request: HttpRequest) -> HttpResponse:
    found = CalendarFeed.objects.filter(owner=request.user).first()
    if request.method == "POST":
        if found and request.POST.get("action") == "revoke":
            found.delete()
            messages.info(request, "The calendar address no longer works.")
        else:
            CalendarFeed.objects.update_or_create(owner=request.user, defaults={"token": new_feed_token()})
            messages.success(request, "A new private calendar address is ready; the old one no longer works.")
        return redirect("conversations:calendar")
    url = request.build_absolute_uri(f"/calendar/{found.token}.ics") if found else ""
    return render(request, "conversations/calendar.html", {"feed_url": url})
