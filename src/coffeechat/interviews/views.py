from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coffeechat.interviews.bank import THEMES
from coffeechat.interviews.forms import QuestionForm
from coffeechat.interviews.models import Question
from coffeechat.interviews.service import add_question, questions_for


def questions(request: HttpRequest) -> HttpResponse:
    bank = questions_for(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_question(request.user, form.save(commit=False))
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
