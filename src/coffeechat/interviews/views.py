from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.params import id_or_404
from coffeechat.interviews.bank import THEMES
from coffeechat.interviews.forms import QuestionForm, ReferralForm, ReflectionForm
from coffeechat.interviews.models import MeetingNotes, PlannedQuestion, Question, Reflection
from coffeechat.interviews.planning import WRAP_UP_MINUTES, Item, total_minutes
from coffeechat.interviews.service import add_referral, brief, questions_for, save_plan, suggested_questions
from coffeechat.outreach.models import Meeting
from coffeechat.outreach.service import profile_for


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meetings = Meeting.objects.filter(owner_id=request.user.pk).select_related(
        "person__organization", "exploration"
    )
    return get_object_or_404(meetings, pk=meeting_id)


def questions(request: HttpRequest) -> HttpResponse:
    bank = questions_for(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.owner = request.user
        question.position = (bank[-1].position + 1) if bank else 0
        question.save()
        messages.success(request, "Question added.")
        return redirect("interviews:questions")
    return render(request, "interviews/questions.html", {"bank": bank, "form": form, "themes": THEMES})


def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.filter(owner_id=request.user.pk), pk=question_id)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("interviews:questions")
    return render(request, "interviews/question_edit.html", {"form": form, "question": question})


@require_POST
def question_action(request: HttpRequest, question_id: int) -> HttpResponse:
    """Archive or restore a question, or move it up or down the bank."""
    question = get_object_or_404(Question.objects.filter(owner_id=request.user.pk), pk=question_id)
    action = request.POST.get("action")
    if action in ("archive", "restore"):
        question.archived = action == "archive"
        question.save(update_fields=["archived"])
    elif action in ("up", "down"):
        bank = questions_for(request.user)
        index = next(i for i, q in enumerate(bank) if q.pk == question.pk)
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(bank):
            bank[index], bank[other] = bank[other], bank[index]
            for position, q in enumerate(bank):
                Question.objects.filter(pk=q.pk).update(position=position)
    return redirect("interviews:questions")


def research(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    context = {"meeting": meeting, **brief(meeting)}
    if request.method == "POST":
        for item in context["research"]:
            item.notes = request.POST.get(f"item-{item.pk}", item.notes)
            item.save(update_fields=["notes"])
        messages.success(request, "Research notes saved.")
        return redirect("interviews:brief", meeting.pk)
    return render(request, "interviews/brief.html", context)


def plan(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    bank = [q for q in questions_for(request.user) if not q.archived]
    if request.method == "POST":
        chosen = {int(value) for value in request.POST.getlist("question") if value.isdigit()}
        save_plan(meeting, [q for q in bank if q.pk in chosen])
        messages.success(request, "The plan is saved.")
        return redirect("interviews:plan", meeting.pk)
    planned = {p.question_id for p in meeting.plan.all()}
    suggested = not planned
    if suggested:
        planned = {q.pk for q in suggested_questions(request.user, meeting)}
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
    return render(request, "interviews/plan.html", context)


def prep(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    context = {
        "meeting": meeting,
        **brief(meeting),
        "plan": meeting.plan.all(),
        "profile": profile_for(request.user),
    }
    if request.GET.get("format") == "md":
        response = render(request, "interviews/prep.md", context, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="prep-{meeting.pk}.md"'
        return response
    return render(request, "interviews/prep.html", context)


def live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    notes, _ = MeetingNotes.objects.get_or_create(meeting=meeting)
    return render(
        request, "interviews/live.html", {"meeting": meeting, "plan": meeting.plan.all(), "notes": notes}
    )


@require_POST
def save_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Autosave of one field of the live notes; the page keeps the text until this answers."""
    meeting = _meeting(request, meeting_id)
    field, text = request.POST.get("field", ""), request.POST.get("text", "")
    if field == "notes":
        MeetingNotes.objects.update_or_create(meeting=meeting, defaults={"text": text})
    else:
        planned = get_object_or_404(
            PlannedQuestion.objects.filter(meeting=meeting), pk=id_or_404(field.removeprefix("answer-"))
        )
        planned.answer = text
        planned.save(update_fields=["answer"])
    return HttpResponse("saved", content_type="text/plain")


def reflect(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    existing = Reflection.objects.filter(meeting=meeting).first()
    form = ReflectionForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        reflection = form.save(commit=False)
        reflection.meeting = meeting
        reflection.save()
        messages.success(request, "Reflection saved.")
        return redirect(meeting)
    return render(request, "interviews/reflect.html", {"meeting": meeting, "form": form})


def referrals(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = add_referral(meeting, **form.cleaned_data)
        messages.success(request, f"{person.name} is in your network, referred by {meeting.person.name}.")
        return redirect("interviews:referrals", meeting.pk)
    found = meeting.referrals.select_related("person__organization")
    return render(
        request, "interviews/referrals.html", {"meeting": meeting, "form": form, "referrals": found}
    )
