"""Before, during and after the meeting: brief, plan, prep sheet, live notes, reflection, referrals."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coffeechat.conversations.access import get_meeting_for_user
from coffeechat.conversations.forms import ReferralForm, ReflectionForm
from coffeechat.conversations.meetings import MeetingRefused, mark_held, start_clock
from coffeechat.conversations.models import MeetingNotes, PlannedQuestion, Reflection
from coffeechat.conversations.preparation import brief, save_plan
from coffeechat.conversations.referrals import ReferralDetails, add_referral, likely_match
from coffeechat.core import clock
from coffeechat.core.params import id_or_404, positive_int
from coffeechat.interviews.bank import THEMES
from coffeechat.interviews.planning import WRAP_UP_MINUTES, Item, total_minutes
from coffeechat.interviews.service import questions_for, suggested_questions
from coffeechat.network.access import get_person_for_user
from coffeechat.outreach.service import profile_for


def research(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    context = {"meeting": meeting, **brief(meeting)}
    if request.method == "POST":
        for item in context["research"]:
            item.notes = request.POST.get(f"item-{item.pk}", item.notes)
            item.save(update_fields=["notes"])
        messages.success(request, "Research notes saved.")
        return redirect("conversations:brief", meeting.pk)
    return render(request, "conversations/brief.html", context)


def plan(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    bank = [q for q in questions_for(request.user) if not q.archived]
    if request.method == "POST":
        chosen = {n for value in request.POST.getlist("question") if (n := positive_int(value)) is not None}
        save_plan(meeting, [q for q in bank if q.pk in chosen])
        messages.success(request, "The plan is saved.")
        return redirect("conversations:plan", meeting.pk)
    planned = {p.question_id for p in meeting.plan.all()}
    suggested = not planned
    if suggested:
        planned = {q.pk for q in suggested_questions(request.user, meeting.minutes)}
    total = total_minutes([Item(q.pk, q.theme, q.minutes) for q in bank if q.pk in planned])
    context = {
        "meeting": meeting,
        "bank": bank,
        "planned": planned,
        "suggested": suggested,
        "total": total,
        "wrap_up": WRAP_UP_MINUTES,
        "themes": THEMES,
    }
    return render(request, "conversations/plan.html", context)


def prep(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    context = {
        "meeting": meeting,
        **brief(meeting),
        "plan": meeting.plan.all(),
        "profile": profile_for(request.user),
    }
    if request.GET.get("format") == "md":
        response = render(
            request, "conversations/prep.md", context, content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="prep-{meeting.pk}.md"'
        return response
    return render(request, "conversations/prep.html", context)


@never_cache  # the clock measures this device against the server's time as the page loads
def live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    notes, _ = MeetingNotes.objects.get_or_create(meeting=meeting)
    context = {"meeting": meeting, "plan": meeting.plan.all(), "notes": notes, "now": clock.now()}
    return render(request, "conversations/live.html", context)


@require_POST
def live_clock(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Start the meeting's clock or move its start; the page's script asks for JSON."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    try:
        start_clock(meeting, request.POST.get("action", "start"))
    except MeetingRefused as exc:
        if "json" in request.headers.get("Accept", ""):
            return JsonResponse({"error": str(exc)}, status=400)
        messages.error(request, str(exc))
        return redirect("conversations:live", meeting.pk)
    if "json" in request.headers.get("Accept", ""):
        started = meeting.clock_started
        label = started.astimezone(ZoneInfo(meeting.time_zone)).strftime("%H:%M")
        return JsonResponse(
            {"started": started.isoformat(), "started_label": label, "now": clock.now().isoformat()}
        )
    return redirect("conversations:live", meeting.pk)


@require_POST
def save_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Autosave of one field of the live notes; the page keeps the text until this answers."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    field, text = request.POST.get("field", ""), request.POST.get("text", "")
    if field == "notes":
        MeetingNotes.objects.update_or_create(meeting=meeting, defaults={"text": text})
        if text.strip():
            mark_held(meeting)
    else:
        planned = get_object_or_404(
            PlannedQuestion.objects.filter(meeting=meeting), pk=id_or_404(field.removeprefix("answer-"))
        )
        planned.answer = text
        planned.save(update_fields=["answer"])
        if text.strip():
            mark_held(meeting)
    return HttpResponse("saved", content_type="text/plain")


def reflect(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_id)
    existing = Reflection.objects.filter(meeting=meeting).first()
    form = ReflectionForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        reflection = form.save(commit=False)
        reflection.meeting = meeting
        reflection.save()
        mark_held(meeting)
        messages.success(request, "Reflection saved.")
        return redirect(meeting)
    return render(request, "conversations/reflect.html", {"meeting": meeting, "form": form})


def referrals(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Whom they suggested: each is matched against the network before anyone new is added."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    form = ReferralForm(request.POST or None)
    candidate = None
    if request.method == "POST" and form.is_valid():
        details = ReferralDetails(**form.cleaned_data)
        choice = request.POST.get("match", "")
        if (chosen := positive_int(choice)) is not None:
            existing = get_person_for_user(request.user, chosen)
            person = add_referral(meeting, details, existing=existing)
            messages.success(request, f"Linked {person.name}, referred by {meeting.person.name}.")
            return redirect("conversations:referrals", meeting.pk)
        found = likely_match(meeting, details) if choice != "new" else None
        if found is None:
            person = add_referral(meeting, details)
            messages.success(request, f"{person.name} is in your network, referred by {meeting.person.name}.")
            return redirect("conversations:referrals", meeting.pk)
        candidate = found
    found_referrals = meeting.referrals.select_related("person__organization")
    context = {"meeting": meeting, "form": form, "referrals": found_referrals, "candidate": candidate}
    return render(request, "conversations/referrals.html", context)
