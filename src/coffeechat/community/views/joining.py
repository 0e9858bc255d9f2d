"""Joining (the public /join/ pages), one's membership, and staff's invitations and members list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coffeechat.community import joining
from coffeechat.community.access import community_on, member_or_404, staff_only, the_community
from coffeechat.community.joining_forms import (
    InvitationForm,
    JoinForm,
    MembershipForm,
    SignUpEmailForm,
    group_names,
)
from coffeechat.community.models import Invitation, Membership

MEMBERS_PER_PAGE = 50


def _base_url(request: HttpRequest) -> str:
    return settings.PUBLIC_URL or request.build_absolute_uri("/")


def _community_or_404() -> None:
    if not community_on():
        raise Http404("community mode is off")


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """How to join: by email at a listed domain (a one-time link is mailed), or by invitation."""
    _community_or_404()
    if request.user.is_authenticated:
        return redirect("community:home")
    community = the_community()
    domains = joining.allowed_domains(community)
    form = SignUpEmailForm(request.POST or None) if domains else None
    context = {"community": community, "domains": domains, "form": form}
    if form is not None and request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        outcome = joining.email_signup_link(email, _base_url(request))
        if outcome is joining.EmailedLink.DOMAIN_NOT_ALLOWED:
            form.add_error("email", f"Only addresses at {', '.join(domains)} may join this way.")
        else:
            context |= {"email": email.strip().lower(), "outcome": outcome.value}
            status = 503 if outcome is joining.EmailedLink.NOT_SENT else 200
            return render(request, "community/join_sent.html", context, status=status)
    return render(request, "community/join.html", context, status=400 if form and form.errors else 200)


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def join_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: make an account and join, or, signed in, join as its role. Only the
    form's POST uses it, so a link preview fetching it spends nothing."""
    _community_or_404()
    community = the_community()
    invitation = joining.find_invitation(token)
    reason = joining.why_unusable(invitation)
    if invitation is None or reason:
        return render(
            request, "community/join_unusable.html", {"community": community, "reason": reason}, status=410
        )
    context = {"community": community, "invitation": invitation}
    if request.user.is_authenticated:
        membership = member_or_404(request.user)
        if not joining.offers_more(invitation, membership):
            messages.info(
                request, f"You are already {'staff' if membership.role == 'staff' else 'a member'} here."
            )
            return redirect("community:home")
        if request.method == "POST":
            try:
                joining.join_signed_in(token, request.user)
            except joining.Refused as refused:
                context["reason"] = refused.message
                return render(request, "community/join_unusable.html", context, status=410)
            return _joined(request, invitation, f"You are now staff of {community.name}.")
        return render(request, "community/join_signed_in.html", context)
    form = JoinForm(request.POST or None, fixed_email=invitation.email)
    context |= {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            user = joining.join_with_new_account(
                token,
                email=form.cleaned_data.get("email", ""),
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
            )
        except joining.Refused as refused:
            if not refused.field:
                context["reason"] = refused.message
                return render(request, "community/join_unusable.html", context, status=410)
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _joined(request, invitation, f"Welcome to {community.name}.")
    return render(request, "community/join_invitation.html", context, status=400 if form.errors else 200)


def _joined(request: HttpRequest, invitation: Invitation, welcome: str) -> HttpResponse:
    """Where someone goes once in: an alum to their new volunteer profile, to look it over and
    list it; everyone else to the community's front page."""
    if invitation.alumnus_id is not None:
        messages.success(
            request,
            "Thank you for volunteering. Your profile starts from what we knew about you and is not "
            "shown to anyone until you check it and put it in the directory.",
        )
        return redirect("community:volunteer")
    messages.success(request, welcome)
    return redirect("community:home")


@require_http_methods(["GET", "HEAD", "POST"])
def membership(request: HttpRequest) -> HttpResponse:
    """One's own membership: name, email for notices, the optional group, how mail comes."""
    own = member_or_404(request.user)
    community = the_community()
    form = MembershipForm(request.POST or None, instance=own, groups=group_names(community.groups))
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your membership is saved.")
            return redirect("community:membership")
        own.refresh_from_db()
    context = {"community": community, "membership": own, "form": form}
    return render(request, "community/membership.html", context, status=400 if form.errors else 200)


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    """Staff make invitation links (the link is shown once: only its hash is kept) and withdraw them."""
    community = the_community()
    form = InvitationForm()
    context: dict = {"community": community}
    status = 200
    if request.method == "POST" and "revoke" in request.POST:
        found = joining.revoke_invitation(_int(request.POST["revoke"]))
        if found is not None:
            messages.success(request, "The invitation is withdrawn: its link no longer works.")
        return redirect("community:invitations")
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                made = joining.create_invitation(created_by=request.user, **form.cleaned_data)
            except joining.Refused as refused:
                form.add_error(refused.field or None, refused.message)
            else:
                context["new_link"] = joining.invitation_url(_base_url(request), made.token)
                context["new_invitation"] = made.invitation
                form = InvitationForm()
        status = 400 if form.errors else 200
    links = joining.staff_links()
    context |= {"form": form, "links": [(link, joining.state_of(link)) for link in links]}
    return render(request, "community/invitations.html", context, status=status)


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    """Staff's list: every staff member, then the members newest first, a page at a time (read by
    the primary key: sorting 100,000 members by role and name took half a second on PostgreSQL)."""
    if request.method == "POST":
        try:
            changed = joining.set_role(_int(request.POST.get("user", "")), request.POST.get("role", ""))
        except joining.Refused as refused:
            messages.error(request, refused.message)
        else:
            if changed.user_id == request.user.pk and changed.role != Membership.Role.STAFF:
                messages.success(request, "You are a member now, no longer staff.")
                return redirect("community:home")  # this page is for staff only
            messages.success(request, f"{changed.display_name} is now {changed.get_role_display().lower()}.")
        return redirect(request.get_full_path())
    query = request.GET.get("q", "").strip()[:100]
    found = Membership.objects.all()
    if query:
        found = found.filter(Q(display_name__icontains=query) | Q(email__icontains=query))
    staff = list(found.filter(role=Membership.Role.STAFF).order_by("display_name", "pk"))
    others = found.filter(role=Membership.Role.MEMBER).order_by("-pk")
    context = {
        "community": the_community(),
        "staff": staff,
        "page": Paginator(others, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
        "query": query,
        "staff_count": len(staff) if not query else Membership.objects.filter(role="staff").count(),
    }
    return render(request, "community/members.html", context)
