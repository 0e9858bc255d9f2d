"""The Mail page: connect a mailbox and a mail server, try them, disconnect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.mail import connecting
from coffeechat.mail.forms import MailAccountForm
from coffeechat.mail.keys import KeyProblem
from coffeechat.mail.sync_views import sync_context


def mailbox(request: HttpRequest) -> HttpResponse:
    account = connecting.mail_account_for(request.user)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "disconnect":
        if connecting.disconnect(request.user):
            messages.success(
                request, "Disconnected: the servers and passwords are forgotten; what was recorded stays."
            )
        return redirect("mail:mailbox")
    if request.method == "POST" and action == "test" and account is not None:
        for outcome in connecting.test_connection(account):
            (messages.success if outcome.ok else messages.error)(request, outcome.text)
        return redirect("mail:mailbox")
    status = connecting.status_of(account)  # before the form, which changes `account` as it reads
    form = MailAccountForm(request.POST if request.method == "POST" else None, instance=account)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in connecting.SERVER_FIELDS}
        try:
            saved = connecting.save_account(
                request.user, values, form.cleaned_data["imap_password"], form.cleaned_data["smtp_password"]
            )
        except KeyProblem as exc:
            messages.error(request, f"Not saved: {exc}")
        else:
            missing = " and ".join(connecting.missing_passwords(saved, connecting.passwords_of(saved)))
            messages.success(
                request, "Saved." + (f" Type the {missing} password to use it." if missing else "")
            )
            return redirect("mail:mailbox")
    context = {"form": form, "account": account, "status": status, **sync_context(request)}
    return render(request, "mail/mailbox.html", context)
