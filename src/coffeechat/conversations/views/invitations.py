"""Invitations the user received: an uploaded calendar file makes, moves or cancels the meeting."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.conversations.forms import InvitationForm
from coffeechat.conversations.invitations import NEEDS_PERSON, REFUSED, Outcome, take_invitation
from coffeechat.network.access import get_person_for_user
from coffeechat.network.models import Person
from coffeechat.network.queries import people_in_order
from coffeechat.network.search import search_people

CANDIDATES = 20  # people shown for the words searched; more words narrow it down


def invitation(request: HttpRequest) -> HttpResponse:
    return _take(request, None)


def person_invitation(request: HttpRequest, person_id: int) -> HttpResponse:
    return _take(request, get_person_for_user(request.user, person_id))


def _take(request: HttpRequest, person: Person | None) -> HttpResponse:
    posted = request.method == "POST"  # bound even when empty, so a form sent without a file says so
    form = InvitationForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"form": form, "person": person}
    if not posted or not form.is_valid():
        return render(request, "conversations/invitation.html", context)
    chosen = form.cleaned_data["person"]
    if chosen and request.POST.get("action") != "search":
        person = get_person_for_user(request.user, chosen)
    outcome = take_invitation(request.user, form.calendar(), person=person)
    if outcome.kind == NEEDS_PERSON:
        context.update(_picker(request, form, outcome))
        return render(request, "conversations/invitation.html", context)
    if outcome.kind == REFUSED or outcome.meeting is None:
        return render(request, "conversations/invitation.html", {**context, "outcome": outcome}, status=400)
    said = " ".join((outcome.message, *outcome.notes))
    (messages.success if outcome.changed else messages.info)(request, said)
    return redirect(outcome.meeting)


def _picker(request: HttpRequest, form: InvitationForm, outcome: Outcome) -> dict[str, object]:
    """Whom the meeting is with: people found by the words typed, first by the organizer's name."""
    invitation = outcome.invitation
    query = request.POST.get("q", "").strip() or (invitation.organizer_name if invitation else "")
    found = search_people(request.user, query, limit=CANDIDATES) if query else []
    return {
        "outcome": outcome,
        "ics": base64.b64encode(form.calendar()).decode(),
        "query": query,
        "candidates": people_in_order(found),
    }
