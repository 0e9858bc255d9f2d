from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.core.params import id_or_404
from coffeechat.explore.access import explorations_for_user, get_exploration_for_user
from coffeechat.explore.forms import ExplorationForm, InterestForm
from coffeechat.explore.graph import introduction_paths
from coffeechat.explore.models import OrganizationInterest, PipelineEntry
from coffeechat.explore.suggest import suggest_people
from coffeechat.explore.targets import organization_targets
from coffeechat.network.access import get_organization_for_user, get_person_for_user
from coffeechat.network.models import Person

SHOWN = 25


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
    suggestions = suggest_people(found, limit=SHOWN)
    names = dict(
        Person.objects.filter(pk__in={pid for s in suggestions for pid in s.path}).values_list("pk", "name")
    )
    rows = [(s, ["You", *(names[pid] for pid in s.path)] if s.path else []) for s in suggestions]
    pipeline = found.pipeline.select_related("person").order_by("-updated")
    context = {"exploration": found, "rows": rows, "pipeline": pipeline}
    return render(request, "explore/exploration.html", context)


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
def add_to_pipeline(request: HttpRequest, exploration_id: int, person_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    person = get_person_for_user(request.user, person_id)
    PipelineEntry.objects.get_or_create(exploration=found, person=person)
    messages.success(request, f"{person.name} is on your list for this exploration.")
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


def introduce(request: HttpRequest, person_id: int) -> HttpResponse:
    """Start asking someone for an introduction: the chain, and a place on an exploration's list."""
    target = get_person_for_user(request.user, person_id)
    introducer = get_person_for_user(
        request.user, id_or_404(request.GET.get("via") or request.POST.get("via"))
    )
    chain = next((p for p in introduction_paths(request.user, target) if p.people[:1] == [introducer]), None)
    if chain is None:
        messages.error(request, f"{introducer.name} is not on a path to {target.name}.")
        return redirect(target)
    mine = explorations_for_user(request.user)
    if request.method == "POST":
        found = get_exploration_for_user(request.user, id_or_404(request.POST.get("exploration")))
        PipelineEntry.objects.get_or_create(exploration=found, person=target)
        write = reverse("outreach:write", args=[introducer.pk])
        return redirect(f"{write}?kind=intro_request&about={target.pk}&exploration={found.pk}")
    context = {"target": target, "introducer": introducer, "chain": chain, "explorations": mine}
    return render(request, "explore/introduce.html", context)
