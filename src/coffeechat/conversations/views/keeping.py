"""Keeping in touch: give-backs, the check-in cadence per person, and Today's snooze and dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.conversations.access import get_give_back_for_user
from coffeechat.conversations.forms import GiveBackForm, KeepInTouchForm, SnoozeForm
from coffeechat.conversations.give_backs import log_give_back
from coffeechat.conversations.models import KeepInTouch, TodayDecision
from coffeechat.core import clock
from coffeechat.core.params import next_or
from coffeechat.network.access import get_person_for_user


def give_back(request: HttpRequest, person_id: int) -> HttpResponse:
    """Log what the user did for someone: it counts as an interaction and keeps them in touch."""
    person = get_person_for_user(request.user, person_id)
    form = GiveBackForm(request.POST or None, initial={"on": clock.localdate()})
    if request.method == "POST" and form.is_valid():
        logged = log_give_back(request.user, person, form.save(commit=False))
        messages.success(request, f"Logged: {logged.get_kind_display().lower()} for {person.name}.")
        return redirect(next_or(request, person.get_absolute_url()))
    return render(request, "conversations/give_back.html", {"form": form, "person": person})


@require_POST
def give_back_delete(request: HttpRequest, give_back_id: int) -> HttpResponse:
    found = get_give_back_for_user(request.user, give_back_id)
    person = found.person
    found.delete()
    messages.info(request, "The give-back is removed from the log.")
    return redirect(person)


@require_POST
def keep_in_touch(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    current = KeepInTouch.objects.filter(person=person).first() or KeepInTouch(
        owner=request.user, person=person
    )
    form = KeepInTouchForm(request.POST, instance=current)
    if form.is_valid():
        form.save()
        messages.success(request, f"Check-ins with {person.name}: {_cadence_text(form.instance)}.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(person)


def _cadence_text(setting: KeepInTouch) -> str:
    if setting.stopped:
        return "stopped"
    if setting.every_months:
        return f"every {setting.every_months} months"
    return "three times in the first year, then twice a year"


@require_POST
def today_decision(request: HttpRequest) -> HttpResponse:
    """Snooze an item of Today to a date, or dismiss it; it stays until one of these or done."""
    key = request.POST.get("key", "")[:100]
    back = next_or(request, reverse("home:home"))  # Today, or the page of everything due
    if not key:
        messages.error(request, "Nothing to snooze or dismiss.")
        return redirect(back)
    if request.POST.get("action") == "dismiss":
        TodayDecision.objects.update_or_create(
            owner=request.user, key=key, defaults={"dismissed": True, "snoozed_until": None}
        )
        messages.info(request, "Dismissed.")
        return redirect(back)
    form = SnoozeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["until"] <= clock.localdate():
        messages.error(request, "Choose a later date to snooze to.")
        return redirect(back)
    until = form.cleaned_data["until"]
    TodayDecision.objects.update_or_create(
        owner=request.user, key=key, defaults={"snoozed_until": until, "dismissed": False}
    )
    messages.info(request, f"Snoozed until {until:%d %b %Y}.")
    return redirect(back)
