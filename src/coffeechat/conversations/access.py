"""The one door to conversation records: each is fetched scoped to its owner (404 otherwise)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coffeechat.conversations.models import GiveBack, Meeting, PipelineEntry

AnyUser = AbstractBaseUser | AnonymousUser


def meetings_for_user(user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(owner_id=user.pk)


def get_meeting_for_user(user: AnyUser, meeting_id: int) -> Meeting:
    meetings = meetings_for_user(user).select_related("person__organization", "exploration")
    return get_object_or_404(meetings, pk=meeting_id)


def get_entry_for_user(user: AnyUser, entry_id: int) -> PipelineEntry:
    entries = PipelineEntry.objects.filter(exploration__owner_id=user.pk).select_related(
        "person__organization", "exploration"
    )
    return get_object_or_404(entries, pk=entry_id)


def give_backs_for_user(user: AnyUser) -> QuerySet[GiveBack]:
    return GiveBack.objects.filter(owner_id=user.pk)


def get_give_back_for_user(user: AnyUser, give_back_id: int) -> GiveBack:
    return get_object_or_404(give_backs_for_user(user), pk=give_back_id)
