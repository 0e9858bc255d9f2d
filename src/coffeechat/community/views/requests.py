"""Asking a volunteer, the requests sent and received, and the volunteer's answer (community/requests.py
does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.community import requests as asking
from coffeechat.community.access import (
    listed_volunteer_or_404,
    members_only,
    request_for_member_or_404,
    request_for_volunteer_or_404,
)
from coffeechat.community.models import Request
from coffeechat.community.request_calendar import request_ics
from coffeechat.community.request_forms import AcceptForm, AskForm, DeclineForm
from coffeechat.community.volunteering import shown_fields
from coffeechat.core.params import positive_int
from coffeechat.explore.access import explorations_for_user, get_exploration_for_user
from coffeechat.explore.models import Exploration
from coffeechat.outreach.service import profile_for


def _exploration_named(request: HttpRequest) -> Exploration | None:
    """The exploration in the query or form: the member's own, or a 404."""
    wanted = positive_int(request.POST.get("exploration") or request.GET.get("exploration"))
    return get_exploration_for_user(request.user, wanted) if wanted is not None else None


@members_only
def ask(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    """The preparation gate: pitch, exploration, a message the checker passes; then the request."""
    profile = listed_volunteer_or_404(request.user, volunteer_id)
    exploration = (
        _exploration_named(request) or explorations_for_user(request.user).order_by("-updated").first()
    )
    draft = asking.draft_message(request.user, profile, exploration)
    form = AskForm(
        request.POST or None, member=request.user, initial={"exploration": exploration, "message": draft}
    )
    message = form.data.get("message", "") if form.is_bound else draft
    flags = asking.check(message)
    checking = request.POST.get("action") == "check"
    if request.htmx and checking:
        return render(request, "conversations/write.html#flags", {"flags": flags})
    if request.method == "POST" and not checking and form.is_valid():
        data = form.cleaned_data
        try:
            sent = asking.send_request(request.user, profile, data["exploration"], data["message"])
        except asking.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Your request is on its way to {sent.volunteer_name}.")
            return redirect("community:request", sent.pk)
    context = {
        "profile": profile,
        "name": asking.volunteer_name(profile),
        "shown": shown_fields(profile),
        "room": asking.room_of(profile),
        "pitch": profile_for(request.user).pitch.strip(),
        "blocker": asking.blocker(request.user, profile),
        "has_explorations": explorations_for_user(request.user).exists(),
        "form": form,
        "flags": flags,
    }
    return render(request, "community/ask.html", context)


@members_only
def request_list(request: HttpRequest) -> HttpResponse:
    """Requests received (as a volunteer) and sent, newest first, with where each stands."""
    return render(
        request,
        "community/requests.html",
        {
            "received": asking.received_by(request.user)[:200],
            "sent": asking.sent_by(request.user)[:200],
        },
    )


def _detail(request: HttpRequest, found: Request, status: int = 200, **forms: object) -> HttpResponse:
    receiving = found.volunteer is not None and found.volunteer.user_id == request.user.pk
    context = {
        "found": found,
        "receiving": receiving,
        "sender_name": asking.member_name(found.member_id),
        "meeting": None if receiving else asking.member_meeting(found),
        "accept_form": forms.get("accept_form")
        or (AcceptForm(profile=found.volunteer) if receiving else None),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }
    return render(request, "community/request.html", context, status=status)


@members_only
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    return _detail(request, asking.request_seen_by_or_404(request.user, request_id))


@members_only
@require_POST
def accept(request: HttpRequest, request_id: int) -> HttpResponse:
    found = request_for_volunteer_or_404(request.user, request_id)
    form = AcceptForm(request.POST, profile=found.volunteer)
    if not form.is_valid():
        return _detail(request, found, 400, accept_form=form)
    try:
        asking.accept(found, form.acceptance())
    except asking.Refused as refused:
        messages.error(request, str(refused))
        return redirect("community:request", found.pk)
    messages.success(request, "Thank you for saying yes. They have been told.")
    return redirect("community:request", found.pk)


@members_only
@require_POST
def decline(request: HttpRequest, request_id: int) -> HttpResponse:
    found = request_for_volunteer_or_404(request.user, request_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail(request, found, 400, decline_form=form)
    try:
        asking.decline(found, form.cleaned_data["reason"], form.cleaned_data["note"])
    except asking.Refused as refused:
        messages.error(request, str(refused))
        return redirect("community:request", found.pk)
    messages.success(request, "Your answer was sent, kindly. Thank you for letting them know.")
    return redirect("community:request", found.pk)


@members_only
@require_POST
def withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    found = request_for_member_or_404(request.user, request_id)
    try:
        asking.withdraw(found)
    except asking.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Your request was withdrawn; the volunteer has been told.")
    return redirect("community:request", found.pk)


@members_only
def meeting_file(request: HttpRequest, request_id: int) -> HttpResponse:
    """The set time as an .ics for whichever side asks."""
    found = asking.request_seen_by_or_404(request.user, request_id)
    content = request_ics(found, for_member=found.member_id == request.user.pk)
    if content is None:
        messages.info(request, "No time is set for this conversation yet: nothing to add to a calendar.")
        return redirect("community:request", found.pk)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conversation-{found.pk}.ics"'
    return response
