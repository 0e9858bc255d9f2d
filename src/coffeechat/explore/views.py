from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.addresses import addresses
from coffeechat.core.params import positive_int
from coffeechat.explore import status
from coffeechat.explore.access import explorations_for_user, get_exploration_for_user
from coffeechat.explore.forms import ExplorationForm, InterestForm
from coffeechat.explore.graph import introduction_paths
from coffeechat.explore.models import Exploration, OrganizationInterest
from coffeechat.explore.ranking import Suggestion
from coffeechat.explore.suggest import suggest_people
from coffeechat.explore.targets import organization_targets
from coffeechat.network.access import get_organization_for_user, get_person_for_user
from coffeechat.network.models import Person

SHOWN = 25  # suggestions on the first view; "More" shows as many again
MOST = 200


def explorations(request: HttpRequest) -> HttpResponse:
    found = explorations_for_user(request.user).prefetch_related("target_organizations")
    return render(request, "explore/explorations.html", {"explorations": found, "form": ExplorationForm()})


def exploration_form(request: HttpRequest, exploration_id: int | None = None) -> HttpResponse:
    exploration = get_exploration_for_user(request.user, exploration_id) if exploration_id else None
    form = ExplorationForm(request.POST or None, instance=exploration)
    if request.method == "POST" and form.is_valid():
        saved = form.save_for(request.user)
        messages.success(request, f"Saved: {saved.text}.")
        return redirect(saved)
    return render(request, "explore/exploration_form.html", {"form": form, "exploration": exploration})


def exploration(request: HttpRequest, exploration_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    shown = _shown(request.GET.get("shown"))
    suggestions = suggest_people(found, limit=shown + 1)
    more = len(suggestions) > shown
    suggestions = suggestions[:shown]
    listed = status.source().listed(found)
    people = Person.objects.in_bulk([s.person_id for s in listed])
    url = addresses("network:person")
    context = {
        "exploration": found,
        "rows": _rows(found, suggestions, url),
        "listed": [(people[s.person_id], s, url(s.person_id)) for s in listed if s.person_id in people],
        "more": shown + SHOWN if more and shown < MOST else None,
        "hidden": found.excluded_people.order_by("name_key"),
    }
    return render(request, "explore/exploration.html", context)


def _rows(found: Exploration, suggestions: list[Suggestion], person_url: Callable[[int], str]) -> list[_Row]:
    names = dict(
        Person.objects.filter(pk__among={pid for s in suggestions for pid in s.path}).values_list(
            "pk", "name"
        )
    )
    on_list = status.source().statuses(found, [s.person_id for s in suggestions])
    add_url, hide_url = addresses("conversations:add", found.pk), addresses("explore:hide", found.pk)
    return [
        _Row(
            s,
            ["You", *(names[pid] for pid in s.path)] if s.path else [],
            on_list.get(s.person_id),
            person_url(s.person_id),
            add_url(s.person_id),
            hide_url(s.person_id),
        )
        for s in suggestions
    ]


@dataclass
class _Row:
    suggestion: Suggestion
    chain: list[str]  # names from "You" to them
    on_list: Any  # their place on the exploration's list, if they are on it
    person_url: str
    add_url: str
    hide_url: str


def _shown(value: str | None) -> int:
    number = positive_int(value)
    return min(max(number, SHOWN), MOST) if number is not None else SHOWN


def exploration_delete(request: HttpRequest, exploration_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    if request.method == "POST":
        found.delete()
        messages.success(request, f"Deleted the exploration “{found.text}”.")
        return redirect("explore:explorations")
    return render(request, "explore/exploration_delete.html", {"exploration": found})


@require_POST
def hide(request: HttpRequest, exploration_id: int, person_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    person = get_person_for_user(request.user, person_id)
    found.excluded_people.add(person)
    messages.info(request, f"{person.name} is off-limits for this exploration.")
    return redirect(found)


@require_POST
def unhide(request: HttpRequest, exploration_id: int, person_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    person = get_person_for_user(request.user, person_id)
    found.excluded_people.remove(person)
    messages.success(request, f"{person.name} can be suggested for this exploration again.")
    return redirect(found)


def organizations(request: HttpRequest, exploration_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    if request.method == "POST":
        form = InterestForm(request.POST)
        if form.is_valid():
            org = get_organization_for_user(request.user, form.cleaned_data["organization"])
            OrganizationInterest.objects.update_or_create(
                exploration=found, organization=org, defaults={"score": form.cleaned_data["score"]}
            )
        return redirect("explore:organizations", found.pk)
    context = {"exploration": found, "targets": organization_targets(found), "scores": range(1, 6)}
    return render(request, "explore/organizations.html", context)


def person_paths(request: HttpRequest, person_id: int) -> HttpResponse:
    """Who could introduce the user to this person: the person page's panel, loaded after it."""
    person = get_person_for_user(request.user, person_id)
    looked_for = not (person.is_direct or person.sensitive)
    context = {"person": person, "paths": introduction_paths(request.user, person) if looked_for else []}
    template = "explore/_person_paths.html" if request.htmx else "explore/person_paths.html"
    return render(request, template, context)
