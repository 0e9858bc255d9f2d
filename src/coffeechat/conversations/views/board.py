"""The exploration's board, and recording by hand what happened with someone on it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.conversations import lifecycle
from coffeechat.conversations.access import get_entry_for_user
from coffeechat.conversations.events import Refused, entry_for, record_event
from coffeechat.conversations.meetings import mark_past_meetings_held
from coffeechat.conversations.messaging import introducers_for
from coffeechat.core.params import id_or_404, next_or
from coffeechat.explore.access import explorations_for_user, get_exploration_for_user
from coffeechat.network.access import get_person_for_user


def board(request: HttpRequest, exploration_id: int) -> HttpResponse:
    exploration = get_exploration_for_user(request.user, exploration_id)
    mark_past_meetings_held(request.user)
    entries = list(exploration.pipeline.select_related("person__organization").order_by("-updated"))
    for entry in entries:
        entry.actions = lifecycle.by_hand(entry.stage)  # type: ignore[attr-defined]
    columns = [(value, label, [e for e in entries if e.stage == value]) for value, label in lifecycle.CHOICES]
    context = {"exploration": exploration, "columns": columns, "stages": lifecycle.CHOICES}
    return render(request, "conversations/board.html", context)


@require_POST
def stage(request: HttpRequest, entry_id: int) -> HttpResponse:
    """A move by hand on the board: allowed, and kept as an event like any other."""
    entry = get_entry_for_user(request.user, entry_id)
    try:
        record_event(
            entry, lifecycle.MOVED_BY_HAND, to_stage=request.POST.get("stage", ""), note="on the board"
        )
    except Refused as exc:
        messages.error(request, str(exc))
    if request.htmx:
        return render(
            request, "conversations/_stage_control.html", {"entry": entry, "stages": lifecycle.CHOICES}
        )
    return redirect(next_or(request, entry.person.get_absolute_url()))


@require_POST
def record(request: HttpRequest, entry_id: int) -> HttpResponse:
    """One of the named events: they replied, declined, the introducer agreed, pause, resume."""
    entry = get_entry_for_user(request.user, entry_id)
    event = request.POST.get("event", "")
    if event not in lifecycle.BY_HAND_LABELS:
        messages.error(request, f"{event!r} cannot be recorded here.")
    else:
        try:
            record_event(entry, event, note=request.POST.get("note", "")[:300])
            messages.success(request, f"{entry.person.name}: {lifecycle.EVENT_LABELS[event].lower()}.")
        except Refused as exc:
            messages.error(request, f"{entry.person.name}: {exc}")
    return redirect(next_or(request, entry.person.get_absolute_url()))


@require_POST
def add(request: HttpRequest, exploration_id: int, person_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    person = get_person_for_user(request.user, person_id)
    entry_for(found, person)
    messages.success(request, f"{person.name} is on your list for this exploration.")
    return redirect(found)


@require_POST
def list_next_person(request: HttpRequest, entry_id: int, person_id: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, entry_id)
    person = get_person_for_user(request.user, person_id)
    entry_for(entry.exploration, person)
    write_url = reverse("conversations:write", args=[person.pk])
    return redirect(f"{write_url}?kind=direct_request&exploration={entry.exploration_id}")


def introduce(request: HttpRequest, person_id: int) -> HttpResponse:
    """Start asking someone for an introduction: the chain, and a place on an exploration's list."""
    target = get_person_for_user(request.user, person_id)
    introducer = get_person_for_user(
        request.user, id_or_404(request.GET.get("via") or request.POST.get("via"))
    )
    chain = next((i for i in introducers_for(request.user, target) if i.person.pk == introducer.pk), None)
    if chain is None:
        messages.error(request, f"{introducer.name} is not on a path to {target.name}.")
        return redirect(target)
    mine = explorations_for_user(request.user)
    if request.method == "POST":
        found = get_exploration_for_user(request.user, id_or_404(request.POST.get("exploration")))
        entry_for(found, target)
        write = reverse("conversations:write", args=[target.pk])
        return redirect(f"{write}?kind=intro_request&via={introducer.pk}&exploration={found.pk}")
    context = {"target": target, "introducer": introducer, "chain": chain, "explorations": mine}
    return render(request, "conversations/introduce.html", context)
