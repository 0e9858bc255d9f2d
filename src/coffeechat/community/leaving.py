"""An account leaving the community: nothing of the others' left dangling, and they are told.

Registered with accounts/deleting.py (BEFORE_DELETING), so it runs inside the deletion's one
transaction, before the account's own rows go.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.community.models import Notice, Request
from coffeechat.community.notices import notify
from coffeechat.core import clock

LEFT = "volunteer_left"


def before_account_deleted(user: AbstractBaseUser) -> None:
    received = Request.objects.filter(volunteer__user_id=user.pk)
    waiting = list(received.filter(status=Request.Status.OPEN))
    for request in waiting:
        notify(
            request.member_id,
            Notice.Kind.DECLINED,
            f"{request.volunteer_name} has left the community",
            f"{request.volunteer_name} is no longer volunteering, so your request about "
            f"“{request.exploration_text}” was closed. The directory has others who can help.",
            request,
        )
    received.filter(status=Request.Status.OPEN).update(
        status=Request.Status.DECLINED, closed_reason=LEFT, answered=clock.now()
    )
    # The members keep their record of asking; it no longer points at a profile.
    received.update(volunteer=None)
    # The account's own requests go with it; the volunteers' notices about them stay, unlinked.
    Notice.objects.filter(request__member_id=user.pk).exclude(recipient_id=user.pk).update(request=None)
