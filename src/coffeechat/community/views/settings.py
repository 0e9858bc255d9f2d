"""The community's settings, for staff: its name, who may join, and the rules of asking."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coffeechat.community.access import staff_only, the_community
from coffeechat.community.joining_forms import CommunitySettingsForm

CLOSED = (
    "Requests are closed: with 0 open requests per member, nobody can ask a volunteer until you raise it."
)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def community_settings(request: HttpRequest) -> HttpResponse:
    community = the_community()
    form = CommunitySettingsForm(request.POST or None, instance=community)
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            if saved.open_requests_per_member == 0:
                messages.warning(request, "Saved. " + CLOSED)
            else:
                messages.success(request, "The community's settings are saved.")
            return redirect("community:settings")
        community.refresh_from_db()  # the page's title and warning show what is saved, not the bad input
    context = {
        "community": community,
        "form": form,
        "closed": CLOSED if community.open_requests_per_member == 0 else "",
    }
    return render(request, "community/settings.html", context, status=400 if form.errors else 200)
