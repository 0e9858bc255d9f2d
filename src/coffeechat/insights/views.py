from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.conversations.meetings import mark_past_meetings_held
from coffeechat.core.params import next_or, positive_int
from coffeechat.explore.access import get_exploration_for_user
from coffeechat.explore.models import Exploration
from coffeechat.insights.aggregate import KIND_NAMES
from coffeechat.insights.curating import confirm_item, unconfirm_item
from coffeechat.insights.data import comparison, conversations, pictures
from coffeechat.insights.models import ItemCuration
from coffeechat.insights.phrases import key_of
from coffeechat.insights.report import coming_up, report_context, report_markdown

SORTS = {
    "exploration": lambda r: r.text.lower(),
    "conversations": lambda r: -r.conversations,
    "fit": lambda r: -(r.average_fit or 0),
    "pursue": lambda r: -r.pursue.get("yes", 0),
}


def _charts(p: Any) -> dict[str, Any]:
    return {
        "funnel": {"labels": [label for label, _ in p.funnel], "values": [n for _, n in p.funnel]},
        "weeks": {
            "labels": [f"{w.week:%d %b}" for w in p.weeks],
            "messages": [w.messages for w in p.weeks],
            "meetings": [w.meetings for w in p.weeks],
        },
        "rates": {"labels": [r[0] for r in p.rates], "values": [r[3] or 0 for r in p.rates]},
        "replies": {"labels": [b for b, _ in p.reply_days], "values": [n for _, n in p.reply_days]},
    }


def _context(request: HttpRequest, exploration: Exploration | None) -> dict[str, Any]:
    mark_past_meetings_held(request.user)  # a meeting whose end has passed counts as held
    talks = conversations(request.user, exploration)
    kind = request.GET.get("kind", "")
    shown = coming_up(request.user, talks, kind)
    by_id = {c.meeting_id: c for c in talks}
    found = pictures(request.user, exploration)
    return {
        "exploration": exploration,
        "talks": talks,
        "items": shown,
        "kind": kind,
        "kinds": KIND_NAMES,
        "where": {i.key: [by_id[m] for m in i.meetings] for i in shown},
        "pictures": found,
        "charts": _charts(found),
    }


def overview(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "conversations")
    context = _context(request, None)
    rows = sorted(comparison(request.user, context["talks"]), key=SORTS.get(sort, SORTS["conversations"]))
    return render(request, "insights/overview.html", {**context, "rows": rows, "sort": sort})


def exploration(request: HttpRequest, exploration_id: int) -> HttpResponse:
    found = get_exploration_for_user(request.user, exploration_id)
    return render(request, "insights/overview.html", {**_context(request, found), "rows": []})


@require_POST
def curate(request: HttpRequest) -> HttpResponse:
    """Confirm (as one kind), rename or merge a recurring item; it stays so in every view and report."""
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    if kind not in KIND_NAMES or not key:
        messages.error(request, "That item is not known.")
        return redirect("insights:overview")
    action = request.POST.get("action")
    back = redirect(next_or(request, reverse("insights:overview")))
    if action == "confirm":
        as_kind = request.POST.get("as", kind)
        confirm_item(request.user, kind, key, as_kind if as_kind in KIND_NAMES else kind)
        return back
    if action == "unconfirm":
        unconfirm_item(request.user, key)
        return back
    curation, _ = ItemCuration.objects.get_or_create(owner=request.user, kind=kind, key=key)
    if action == "rename" and request.POST.get("label", "").strip():
        curation.label = request.POST["label"].strip()[:200]
    elif action == "merge" and key_of(request.POST.get("into", "")):
        curation.merged_into = key_of(request.POST["into"])
    curation.save()
    return back


def report(request: HttpRequest) -> HttpResponse:
    exploration_id = positive_int(request.GET.get("exploration"))
    found = get_exploration_for_user(request.user, exploration_id) if exploration_id else None
    kind = request.GET.get("kind", "")
    if request.GET.get("format") == "md":
        response = HttpResponse(
            report_markdown(request.user, found, kind), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="coffeechat-report.md"'
        return response
    return render(request, "insights/report.html", report_context(request.user, found, kind))
