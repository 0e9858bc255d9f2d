"""Writing a message: to the right person, checked, then copied, opened, downloaded, sent or marked sent."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.conversations.access import get_meeting_for_user
from coffeechat.conversations.events import Refused
from coffeechat.conversations.forms import MessageForm
from coffeechat.conversations.messaging import (
    CannotSend,
    as_eml,
    asked_introducers,
    blocked_reason,
    cool_down_flags,
    introducers_for,
    recipient_address,
    record_sent,
    referrer_of,
    reply_subject,
    same_draft,
    send_email,
    thread_of,
)
from coffeechat.conversations.models import Message, PipelineEntry
from coffeechat.conversations.preparation import quotable
from coffeechat.core.params import id_or_404, positive_int
from coffeechat.explore.access import get_exploration_for_user
from coffeechat.network.access import get_person_for_user
from coffeechat.network.models import Person
from coffeechat.outreach.checks import check_message
from coffeechat.outreach.drafting import EMAIL_KINDS, KINDS, recipient_role
from coffeechat.outreach.outgoing import can_send
from coffeechat.outreach.service import draft, profile_for


def write(request: HttpRequest, person_id: int) -> HttpResponse:
    """A message of one kind about the person in the address: to them, or to their introducer."""
    subject = get_person_for_user(request.user, person_id)
    kind = request.GET.get("kind", "direct_request")
    if kind not in KINDS:
        raise Http404("unknown kind of message")
    options = _params(request)
    exploration = options["exploration"]
    # Only the wording borrows a likely exploration; the message records against the one named,
    # or else through the person (record_sent picks the conversations the event fits).
    wording = exploration or _latest_exploration(request, subject, options["meeting"])
    recipient, choices = _recipient(request, subject, kind)
    if recipient is None:
        return redirect(subject)
    if reason := blocked_reason(recipient) or blocked_reason(subject):
        messages.error(request, reason)
        return redirect(subject)
    about = subject if recipient.pk != subject.pk else None
    referrer = options["referrer"] or (referrer_of(subject) if kind == "referred_request" else None)
    meeting = options["meeting"]
    quotes = quotable(meeting) if meeting else []
    chosen = request.GET.get("quote", "")
    index = positive_int(chosen) if chosen != "0" else 0
    quote = quotes[index] if index is not None and index < len(quotes) else ""
    drafted = draft(request.user, recipient, kind, wording, about, referrer, quote)
    thread = thread_of(
        request.user.pk,
        recipient.pk,
        kind,
        about_id=about.pk if about else None,
        exploration_id=exploration.pk if exploration else None,
    )
    subject_line = reply_subject(thread, drafted.subject)  # a nudge or thanks answers the thread
    form = MessageForm(request.POST or None, initial={"subject": subject_line, "body": drafted.body})
    if request.method == "POST" and form.is_valid():
        message = Message(
            owner=request.user,
            person=recipient,
            about=about,
            exploration=exploration,
            meeting=meeting,
            kind=kind,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        message = same_draft(message)  # a draft downloaded before is the one marked or sent
        done = _act(request, message, form.cleaned_data.get("channel") or Message.Channel.EMAIL)
        if done is not None:
            return done
    text_subject, body = (
        (form.data.get("subject", ""), form.data.get("body", ""))
        if form.is_bound
        else (drafted.subject, drafted.body)
    )
    flags = check_message(kind, text_subject, body, email=kind in EMAIL_KINDS)
    flags += cool_down_flags(request.user, recipient, kind)
    if request.htmx and request.POST.get("action") == "check":
        return render(request, "conversations/write.html#flags", {"flags": flags})
    context = {
        "person": recipient,
        "subject_person": subject,
        "about": about,
        "introducer_choices": choices,
        "kind": kind,
        "kind_name": KINDS[kind],
        "form": form,
        "flags": flags,
        "exploration": wording,
        "meeting": meeting,
        "quotes": quotes,
        "quote_pairs": [(q, _with(request, quote=str(i))) for i, q in enumerate(quotes)],
        "referrer": referrer,
        "address": recipient_address(recipient),
        "can_send": can_send(request.user),
        "mailto": _mailto(recipient_address(recipient), text_subject, body),
        "email_kind": kind in EMAIL_KINDS,
    }
    return render(request, "conversations/write.html", context)


def _latest_exploration(request: HttpRequest, subject: Person, meeting: Any) -> Any:
    """Without one named, a draft is for the meeting's exploration, else the latest on their list."""
    if meeting is not None and meeting.exploration is not None:
        return meeting.exploration
    entry = (
        PipelineEntry.objects.filter(person=subject, exploration__owner_id=request.user.pk)
        .select_related("exploration")
        .order_by("-updated")
        .first()
    )
    return entry.exploration if entry else None


def _params(request: HttpRequest) -> dict[str, Any]:
    def value(name: str) -> str:
        return request.GET.get(name) or request.POST.get(name) or ""

    user = request.user
    return {
        "exploration": get_exploration_for_user(user, id_or_404(value("exploration")))
        if value("exploration")
        else None,
        "referrer": get_person_for_user(user, id_or_404(value("referrer"))) if value("referrer") else None,
        "meeting": get_meeting_for_user(user, id_or_404(value("meeting"))) if value("meeting") else None,
    }


def _recipient(request: HttpRequest, subject: Person, kind: str) -> tuple[Person | None, list[Any]]:
    """Who the message goes to, and whom else the user could choose (introducers, best first)."""
    via = request.GET.get("via") or request.POST.get("via")
    nudging_introducer = kind == "nudge" and bool(via)  # the introduction asked is what waits
    if recipient_role(kind) != "introducer" and not nudging_introducer:
        return subject, []
    if kind == "intro_request":
        choices = [
            (i.person, i.chain, _with(request, via=str(i.person.pk)))
            for i in introducers_for(request.user, subject)
        ]
        missing = f"No one you know is on a path to {subject.name}; write to them directly instead."
    else:
        choices = [(p, "", _with(request, via=str(p.pk))) for p in asked_introducers(request.user, subject)]
        missing = f"You did not ask anyone to introduce you to {subject.name}, so there is no one to thank."
    if not choices:
        messages.error(request, missing)
        return None, []
    if via:
        chosen = get_person_for_user(request.user, id_or_404(via))
        if chosen.pk not in {p.pk for p, _, _ in choices}:
            messages.error(request, f"{chosen.name} cannot introduce you to {subject.name}.")
            return None, []
        return chosen, choices
    return choices[0][0], choices


def _with(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"{request.path}?{urlencode(query, doseq=True)}"


def _mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address)}?subject={quote(subject)}&body={quote(body)}"


def _act(request: HttpRequest, message: Message, channel: str) -> HttpResponse | None:
    """Do what the button says; None when it could not be done (the page shows why, text kept)."""
    action = request.POST.get("action")
    if action == "check":
        flags = check_message(message.kind, message.subject, message.body, email=message.kind in EMAIL_KINDS)
        return render(request, "conversations/write.html#flags", {"flags": flags})
    if action == "eml":
        response = HttpResponse(as_eml(message, profile_for(request.user)), content_type="message/rfc822")
        message.save()  # unsent, with the Message-ID the draft carries: its Sent copy is known
        response["Content-Disposition"] = 'attachment; filename="message.eml"'
        return response
    try:
        if action == "send":
            send_email(message, profile_for(request.user))
            messages.success(request, f"Sent to {message.person.name}.")
        else:
            record_sent(message, channel)
            messages.success(
                request, f"Recorded: {message.get_kind_display().lower()} to {message.person.name}."
            )
    except (CannotSend, Refused) as exc:
        messages.error(request, f"Not recorded: {exc}")
        return None
    except OSError as exc:
        messages.error(request, f"Not sent: {exc}. Nothing was recorded; copy it or try again.")
        return None
    return redirect(message.about or message.person)
