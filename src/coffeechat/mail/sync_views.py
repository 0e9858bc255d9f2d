"""The Mail page's sync part: Sync now, which conversation a reply answers, and a new address a
person wrote from. Each is a POST that comes back to the Mail page (mail/_sync.html shows them)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from coffeechat.mail import answers
from coffeechat.mail.connecting import mail_account_for
from coffeechat.mail.sync import sync_account
from coffeechat.mail.sync_cli import as_text


def sync_context(request: HttpRequest) -> dict[str, object]:
    """What mail/_sync.html shows, for the Mail page's view to add to its context."""
    return {
        "mail_questions": answers.questions_for(request.user),
        "address_offers": answers.offers_for(request.user),
    }


@require_POST
def sync_now(request: HttpRequest) -> HttpResponse:
    account = mail_account_for(request.user)
    if account is None or not account.imap_host or not account.sync_enabled:
        messages.error(request, "Connect a mailbox and turn on “Notice replies in this mailbox” first.")
        return redirect("mail:mailbox")
    report = sync_account(account)
    if report.error:
        messages.error(request, f"Not read: {report.error}")
    else:
        messages.success(request, as_text(report))
    return redirect("mail:mailbox")


@require_POST
def answer_question(request: HttpRequest, mail_question_id: int) -> HttpResponse:
    question = answers.question_for_user(request.user, mail_question_id)
    choice = request.POST.get("request", "")
    chosen = next((m for m in question.requests.all() if str(m.pk) == choice), None)
    if chosen is None and choice != "none":
        messages.error(request, "Choose the message this reply answers, or “none of them”.")
        return redirect("mail:mailbox")
    if answers.answer(question, chosen) is None:
        return redirect("mail:mailbox")  # answered meanwhile (a double click): the first answer stands
    name = question.person.name
    messages.success(
        request,
        f"Recorded {name}'s reply." if chosen else f"Kept as something {name} wrote; no conversation moved.",
    )
    return redirect("mail:mailbox")


@require_POST
def settle_address(request: HttpRequest, address_offer_id: int) -> HttpResponse:
    offer = answers.offer_for_user(request.user, address_offer_id)
    if request.POST.get("action") == "add":
        answers.accept(offer)
        messages.success(request, f"Added {offer.address} to {offer.person.name}.")
    else:
        answers.dismiss(offer)
    return redirect("mail:mailbox")
