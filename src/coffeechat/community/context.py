"""What every page needs to know of community mode: whether the signed-in user is a member
(the Community link), staff, and how many notices they have not read. No query outside
community mode or for someone signed out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from coffeechat.community.access import membership_of
from coffeechat.community.notices import unread_count


def community(request: HttpRequest) -> dict[str, Any]:
    found = membership_of(request.user) if hasattr(request, "user") else None
    if found is None:
        return {"community_member": None}
    return {
        "community_member": found,
        "community_staff": found.role == found.Role.STAFF,
        "community_unread": unread_count(request.user),
    }
