"""Volunteering (your profile, stopping and coming back) and the directory members search."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from coffeechat.community import directory, requests
from coffeechat.community.access import (
    listed_volunteer_or_404,
    member_or_404,
    members_only,
    own_volunteering,
    the_community,
)
from coffeechat.community.models import Request, VolunteerProfile
from coffeechat.community.volunteer_forms import DirectoryForm, VolunteerForm
from coffeechat.community.volunteering import shown_fields
from coffeechat.core.params import id_or_404, positive_int
from coffeechat.explore.access import explorations_for_user, get_exploration_for_user


def volunteer(request: HttpRequest) -> HttpResponse:
    """Your volunteer profile: made the first time, edited after."""
    member_or_404(request.user)
    profile = own_volunteering(request.user) or VolunteerProfile(
        user=request.user,
        monthly_cap=the_community().default_monthly_cap,
        shown=list(VolunteerProfile.SHOWABLE),
    )
    form = VolunteerForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            new = profile.pk is None
            form.save()
            messages.success(
                request, "You are in the directory. Thank you!" if new else "Your volunteer profile is saved."
            )
            return redirect("community:volunteer")
        messages.error(request, "Nothing was saved: " + " ".join(_problems(form)))
    return render(request, "community/volunteer_form.html", {"form": form, "profile": profile})


def _problems(form: VolunteerForm) -> list[str]:
    return [f"{form.fields[name].label}: {error}" for name, errors in form.errors.items() for error in errors]


@members_only  # before the method: outside community mode a GET is a 404 too, not a 405
@require_POST
def volunteer_listing(request: HttpRequest) -> HttpResponse:
    """Stop volunteering (out of the directory, profile kept) or come back."""
    profile = own_volunteering(request.user)
    if profile is None:
        return redirect("community:volunteer")
    profile.listed = request.POST.get("listed") == "1"
    profile.save(update_fields=["listed"])
    if profile.listed:
        messages.success(request, "Welcome back: you are in the directory again.")
    else:
        waiting = profile.requests.filter(status=Request.Status.OPEN).count()
        still = (
            f" {waiting} request{pluralize(waiting)} sent before still wait{pluralize(waiting, 's,')} for "
            "your answer on your requests page."
            if waiting
            else ""
        )
        messages.success(
            request, "You are out of the directory. Your profile is kept for when you come back." + still
        )
    return redirect("community:volunteer")


def directory_page(request: HttpRequest) -> HttpResponse:
    """Search volunteers by meaning, filter them, or see them ranked for one of your explorations."""
    member_or_404(request.user)
    form = DirectoryForm(request.GET)
    exploration = None
    if request.GET.get("exploration"):
        exploration = get_exploration_for_user(request.user, id_or_404(request.GET.get("exploration")))
    filters = form.filters()
    query = (form.cleaned_data.get("q") or "").strip() or (exploration.text if exploration else "")
    page = directory.search(query, filters, positive_int(request.GET.get("page")) or 1)
    context = {
        "form": form,
        "page": page,
        "exploration": exploration,
        "explorations": explorations_for_user(request.user).only("pk", "text")[:20],
        "mine": own_volunteering(request.user),
    }
    template = "community/directory.html#results" if request.htmx else "community/directory.html"
    return render(request, template, context)


def volunteer_profile(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    """A volunteer as members see them: the fields they show, and a way to ask."""
    profile = listed_volunteer_or_404(request.user, volunteer_id)
    context = {
        "profile": profile,
        "name": requests.volunteer_name(profile),
        "fields": shown_fields(profile),
        "room": requests.room_of(profile),
        "own": profile.user_id == request.user.pk,
        # Reached from the directory ranked for an exploration: asking drafts for that one.
        "for_exploration": positive_int(request.GET.get("exploration")),
    }
    return render(request, "community/volunteer.html", context)
