"""Notices to members about requests: written here, mailed by the scheduled work (mailing.py)
through the community's own mail server, at once or in the member's daily digest."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.community.models import Notice, Request


def notify(recipient_id: int, kind: str, subject: str, body: str, request: Request | None = None) -> Notice:
    return Notice.objects.create(
        recipient_id=recipient_id, kind=kind, request=request, subject=subject, body=body
    )


def unread_count(user: AbstractBaseUser) -> int:
    return Notice.objects.filter(recipient_id=user.pk, read__isnull=True).count()
