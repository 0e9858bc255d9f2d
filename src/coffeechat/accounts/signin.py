"""Accounts for a local install: the owner made on first start, one-time sign-in links."""

from __future__ import annotations

import getpass
import hashlib
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import SignInLink

FALLBACK_OWNER = "owner"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def owner_username() -> str:
    """The operating-system user's name when it makes a valid account name."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        return FALLBACK_OWNER
    return name if re.fullmatch(r"[\w.@+-]{1,150}", name) else FALLBACK_OWNER


@transaction.atomic
def ensure_owner() -> tuple[User, bool]:
    """The first account, created (without a password) when there is none yet."""
    first = User.objects.order_by("id").first()
    if first is not None:
        return first, False
    user = User(username=owner_username())
    user.set_unusable_password()
    user.save()
    return user, True


@transaction.atomic
def create_signin_token(user: User, hours: int | None = None) -> str:
    """A new one-time link for the account; the account's older unused links stop working."""
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(hours=hours or settings.SIGNIN_LINK_HOURS)
    now = timezone.now()
    SignInLink.objects.filter(user=user, used__isnull=True, expires__gt=now).update(expires=now)
    SignInLink.objects.create(user=user, token_hash=_hash(token), expires=now + lifetime)
    return token


def signin_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("accounts:signin", args=[token])


def _usable_links(token: str, now: datetime) -> QuerySet[SignInLink]:
    return SignInLink.objects.filter(token_hash=_hash(token), used__isnull=True, expires__gt=now)


def signin_token_user(token: str) -> User | None:
    """The user a still-usable token would sign in, without using it up (a link preview's look)."""
    link = _usable_links(token, timezone.now()).select_related("user").first()
    return link.user if link is not None and link.user.is_active else None


def redeem_signin_token(token: str) -> User | None:
    """The user the token signs in, once; None for an unknown, used or expired token."""
    now = timezone.now()
    links = _usable_links(token, now)
    link = links.select_related("user").first()
    # The conditional update is what makes the link single-use, even under two clicks at once.
    if link is None or not links.filter(pk=link.pk).update(used=now):
        return None
    return link.user if link.user.is_active else None
