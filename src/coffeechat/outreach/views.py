from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.core.params import id_or_404
from coffeechat.explore.access import get_exploration_for_user
from coffeechat.explore.models import PipelineEntry
from coffeechat.interviews.service import quotable
from coffeechat.network.access import get_person_for_user
from coffeechat.outreach.checks import check_message
from coffeechat.outreach.drafting import DEFAULTS, EMAIL_KINDS, KINDS, Template
from coffeechat.outreach.forms import MeetingForm, MessageForm, ProfileForm, TemplateForm
from coffeechat.outreach.icalendar_files import feed_ics, meeting_ics
from coffeechat.outreach.models import CalendarFeed, Meeting, Message, MessageTemplate, new_feed_token
from coffeechat.outreach.service import (
    as_eml,
    can_send_email,
    cool_down_flags,
    draft,
    likely_referrer,
    profile_for,
    recipient_address,
    record_sent,
    send_email,
)
from coffeechat.outreach.today import today_items


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=profile_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your pitch is saved; new drafts use it.")
        return redirect("outreach:profile")
    return render(request, "outreach/profile.html", {"form": form})


def write(request: HttpRequest, person_id: int) -> HttpResponse:
    """Draft a message of one kind to a person, check it, then copy, open, download or send it."""
    person = get_person_for_user(request.user, person_id)
    kind = request.GET.get("kind", "direct_request")
    if kind not in KINDS:
        raise Http404("unknown kind of message")
    exploration = _optional(request, "exploration", lambda i: get_exploration_for_user(request.user, i))
    about = _optional(request, "about", lambda i: get_person_for_user(request.user, i))
    referrer = _optional(request, "referrer", lambda i: get_person_for_user(request.user, i))
    if person.sensitive:
        messages.error(
            request, f"{person.name} is marked sensitive: coffeechat does not draft messages to them."
        )
        return redirect(person)
    if kind == "referred_request" and referrer is None:
        referrer = likely_referrer(person)
    drafted = draft(request.user, person, kind, exploration, about, referrer)
    meeting = _optional(
        request, "meeting", lambda i: get_object_or_404(Meeting.objects.filter(owner=request.user), pk=i)
    )
    quotes = quotable(meeting) if meeting else []
    chosen = request.GET.get("quote", "")
    if chosen.isdigit() and int(chosen) < len(quotes):
        drafted = Template(
            drafted.subject, drafted.body.replace("[something specific]", f"“{quotes[int(chosen)]}”")
        )
    form = MessageForm(request.POST or None, initial={"subject": drafted.subject, "body": drafted.body})
    if request.method == "POST" and form.is_valid():
        message = Message(
            owner=request.user,
            person=person,
            exploration=exploration,
            about=about,
            kind=kind,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        return _act(request, message, form.cleaned_data.get("channel") or Message.Channel.EMAIL)
    subject, body = (
        (form.data.get("subject", ""), form.data.get("body", ""))
        if form.is_bound
        else (drafted.subject, drafted.body)
    )
    flags = check_message(kind, subject, body, email=kind in EMAIL_KINDS) + cool_down_flags(
        request.user, person, kind
    )
    if request.htmx and request.POST.get("action") == "check":
        return render(request, "outreach/write.html#flags", {"flags": flags})
    context = {
        "person": person,
        "kind": kind,
        "kind_name": KINDS[kind],
        "form": form,
        "flags": flags,
        "exploration": exploration,
        "address": recipient_address(person),
        "can_send": can_send_email(),
        "mailto": _mailto(recipient_address(person), subject, body),
        "email_kind": kind in EMAIL_KINDS,
    }
    return render(request, "outreach/write.html", context)


def _optional(request: HttpRequest, name: str, fetch):  # type: ignore[no-untyped-def]
    value = request.GET.get(name) or request.POST.get(name)
    return fetch(id_or_404(value)) if value else None


def _mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address)}?subject={quote(subject)}&body={quote(body)}"


def _act(request: HttpRequest, message: Message, channel: str) -> HttpResponse:
    action = request.POST.get("action")
    if action == "check":
        flags = check_message(message.kind, message.subject, message.body, email=message.kind in EMAIL_KINDS)
        return render(request, "outreach/write.html#flags", {"flags": flags})
    if action == "eml":
        response = HttpResponse(as_eml(message, profile_for(request.user)), content_type="message/rfc822")
        response["Content-Disposition"] = 'attachment; filename="message.eml"'
        return response
    if action == "send":
        try:
            send_email(message, profile_for(request.user))
        except (OSError, ValueError) as exc:
            messages.error(request, f"Not sent: {exc}. Nothing was recorded; copy it or try again.")
            return redirect(request.get_full_path())
        messages.success(request, f"Sent to {message.person.name}.")
        return redirect(message.person)
    record_sent(message, channel)
    messages.success(request, f"Recorded: {message.get_kind_display().lower()} to {message.person.name}.")
    return redirect(message.person)


def templates(request: HttpRequest) -> HttpResponse:
    own = {t.kind: t for t in MessageTemplate.objects.filter(owner=request.user)}
    rows = [(kind, name, kind in own) for kind, name in KINDS.items()]
    return render(request, "outreach/templates.html", {"rows": rows})


def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("unknown kind of message")
    own = MessageTemplate.objects.filter(owner=request.user, kind=kind).first()
    start = own or DEFAULTS[kind]
    form = TemplateForm(request.POST or None, initial={"subject": start.subject, "body": start.body})
    if request.method == "POST" and request.POST.get("action") == "reset":
        MessageTemplate.objects.filter(owner=request.user, kind=kind).delete()
        messages.info(request, "Back to coffeechat's wording.")
        return redirect("outreach:templates")
    if request.method == "POST" and form.is_valid():
        MessageTemplate.objects.update_or_create(owner=request.user, kind=kind, defaults=form.cleaned_data)
        messages.success(request, f"Saved your wording of “{KINDS[kind]}”.")
        return redirect("outreach:templates")
    return render(
        request, "outreach/template_edit.html", {"form": form, "kind": kind, "kind_name": KINDS[kind]}
    )


def board(request: HttpRequest, exploration_id: int) -> HttpResponse:
    exploration = get_exploration_for_user(request.user, exploration_id)
    entries = exploration.pipeline.select_related("person__organization").order_by("-updated")
    columns = [
        (value, label, [e for e in entries if e.stage == value])
        for value, label in PipelineEntry.Stage.choices
    ]
    context = {"exploration": exploration, "columns": columns, "stages": PipelineEntry.Stage.choices}
    return render(request, "outreach/board.html", context)


@require_POST
def stage(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        PipelineEntry.objects.filter(exploration__owner_id=request.user.pk), pk=entry_id
    )
    value = request.POST.get("stage", "")
    if value not in PipelineEntry.Stage.values:
        messages.error(request, f"{value!r} is not a stage.")
    else:
        entry.stage = value
        entry.save()
    if request.htmx:
        return render(
            request,
            "outreach/_stage_control.html",
            {"entry": entry, "stages": PipelineEntry.Stage.choices},
        )
    return redirect(request.POST.get("next") or entry.person.get_absolute_url())


def meeting_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    form = MeetingForm(request.POST or None, owner=request.user, initial={"time_zone": settings.TIME_ZONE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = Meeting.objects.create(
            owner=request.user,
            person=person,
            exploration=data["exploration"],
            starts=form.starts(),
            time_zone=data["time_zone"],
            minutes=data["minutes"],
            place=data["place"],
            video_link=data["video_link"],
            phone=data["phone"],
        )
        if meeting.exploration:
            entry, _ = PipelineEntry.objects.get_or_create(exploration=meeting.exploration, person=person)
            entry.stage = PipelineEntry.Stage.SCHEDULED
            entry.save()
        messages.success(request, f"Meeting with {person.name} saved.")
        return redirect(meeting)
    return render(request, "outreach/meeting_form.html", {"form": form, "person": person})


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_object_or_404(
        Meeting.objects.filter(owner_id=request.user.pk).select_related("person"), pk=meeting_id
    )
    return render(request, "outreach/meeting.html", {"meeting": found})


def meeting_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = get_object_or_404(
        Meeting.objects.filter(owner_id=request.user.pk).select_related("person"), pk=meeting_id
    )
    response = HttpResponse(meeting_ics(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@login_not_required
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribed calendar: the secret in the address is the only key, so no sign-in."""
    found = CalendarFeed.objects.filter(token=token).select_related("owner").first()
    if found is None:
        raise Http404("no such calendar")
    meetings = list(Meeting.objects.filter(owner=found.owner).select_related("person", "exploration"))
    follow_ups = [
        (i.due, f"{i.kind}-{i.person.pk}-{i.due:%Y%m%d}", i.text)
        for i in today_items(found.owner)
        if i.kind not in ("meeting",)
    ]
    return HttpResponse(feed_ics(meetings, follow_ups), content_type="text/calendar; charset=utf-8")


def calendar_settings(request: HttpRequest) -> HttpResponse:
    found = CalendarFeed.objects.filter(owner=request.user).first()
    if request.method == "POST":
        if found and request.POST.get("action") == "revoke":
            found.delete()
            messages.info(request, "The calendar address no longer works.")
        else:
            CalendarFeed.objects.update_or_create(owner=request.user, defaults={"token": new_feed_token()})
            messages.success(request, "A new private calendar address is ready; the old one no longer works.")
        return redirect("outreach:calendar")
    url = request.build_absolute_uri(f"/calendar/{found.token}.ics") if found else ""
    return render(request, "outreach/calendar.html", {"feed_url": url})


@require_POST
def resolve_no_answer(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        PipelineEntry.objects.filter(exploration__owner_id=request.user.pk), pk=entry_id
    )
    entry.stage = PipelineEntry.Stage.NO_ANSWER
    entry.save()
    messages.info(request, f"{entry.person.name}: no answer. They will not be asked again soon.")
    return redirect("core:home")


@require_POST
def list_next_person(request: HttpRequest, entry_id: int, person_id: int) -> HttpResponse:
    entry = get_object_or_404(
        PipelineEntry.objects.filter(exploration__owner_id=request.user.pk), pk=entry_id
    )
    person = get_person_for_user(request.user, person_id)
    PipelineEntry.objects.get_or_create(exploration=entry.exploration, person=person)
    write_url = reverse("outreach:write", args=[person.pk])
    return redirect(f"{write_url}?kind=direct_request&exploration={entry.exploration_id}")
