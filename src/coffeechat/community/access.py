"""Who reaches what in community mode: the one door for community records.

Community pages exist only when the server runs in community mode (COFFEECHAT_COMMUNITY=true) and
for someone with a membership; staff pages for staff. Anything else is a 404, as another user's
record is everywhere in coffeechat: the answer does not tell whether it exists.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse

from coffeechat.community.models import Community, Membership, Request, VolunteerProfile

AnyUser = AbstractBaseUser | AnonymousUser


def community_on() -> bool:
    return bool(getattr(settings, "COMMUNITY_MODE", False))


def the_community() -> Community:
    found, _ = Community.objects.get_or_create(pk=1)
    return found


def membership_of(user: AnyUser) -> Membership | None:
    """In community mode every account on the server belongs to the community (one server, one
    community): a member from their first page on; staff are named by staff or `coffeechat
    community staff`."""
    if not community_on() or not user.is_authenticated:
        return None
    return ensure_membership(user)


def ensure_membership(user: AbstractBaseUser, **defaults: Any) -> Membership:
    """The account's membership, made now if it has none (also for commands run before community
    mode is switched on); `defaults` only apply to a new one."""
    found = Membership.objects.filter(user_id=user.pk).first()
    if found is None:
        found, _ = Membership.objects.get_or_create(
            user_id=user.pk,
            defaults={
                "display_name": user.get_full_name() or user.get_username(),
                "email": user.email,
                "unsubscribe_token": secrets.token_urlsafe(32),
                **defaults,
            },
        )
    return found


def member_or_404(user: AnyUser) -> Membership:
    found = membership_of(user)
    if found is None:
        raise Http404("not a member of this community")
    return found


def staff_or_404(user: AnyUser) -> Membership:
    found = member_or_404(user)
    if found.role != Membership.Role.STAFF:
        raise Http404("staff only")
    return found


def members_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A community page: 404 outside community mode or without a membership."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member_or_404(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        staff_or_404(request.user)
        return view(request, *args, **kwargs)

    wrapped.staff_only = True  # type: ignore[attr-defined]  # the page tests' plain member skips these
    return wrapped


def listed_volunteer_or_404(user: AnyUser, profile_id: int) -> VolunteerProfile:
    """A volunteer's profile as members see it: listed, and its owner still a member."""
    member_or_404(user)
    found = VolunteerProfile.objects.filter(pk=profile_id, listed=True).select_related("user").first()
    if found is None:
        raise Http404("no such volunteer")
    return found


def own_volunteering(user: AnyUser) -> VolunteerProfile | None:
    member_or_404(user)
    return VolunteerProfile.objects.filter(user_id=user.pk).first()


def request_for_member_or_404(user: AnyUser, request_id: int) -> Request:
    """A request the user sent."""
    member_or_404(user)
    found = Request.objects.filter(pk=request_id, member_id=user.pk).select_related("volunteer").first()
    if found is None:
        raise Http404("no such request")
    return found


def request_for_volunteer_or_404(user: AnyUser, request_id: int) -> Request:
    """A request the user received as a volunteer."""
    member_or_404(user)
    received = Request.objects.filter(pk=request_id, volunteer__user_id=user.pk)
    found = received.select_related("volunteer").first()
    if found is None:
        raise Http404("no such request")
    return found
