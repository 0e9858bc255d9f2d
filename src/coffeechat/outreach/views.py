from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.outreach.drafting import DEFAULTS, KINDS
from coffeechat.outreach.forms import ProfileForm, TemplateForm
from coffeechat.outreach.models import MessageTemplate
from coffeechat.outreach.outgoing import can_send
from coffeechat.outreach.service import profile_for


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=profile_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your pitch is saved; new drafts use it.")
        return redirect("outreach:profile")
    # The digest's hour is the server's: coffeechat keeps no time zone per user.
    context = {"form": form, "can_mail": can_send(request.user), "time_zone": settings.TIME_ZONE}
    return render(request, "outreach/profile.html", context)


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
