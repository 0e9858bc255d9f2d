"""The mail server a user's own mail goes out by: theirs when they connected one, else the server's.

`coffeechat.mail.sending.connection_for(user)` gives the user's own SMTP server (None when they set
none); without it, Django's default connection (COFFEECHAT_SMTP_*) when a host is set; else mail
cannot be sent. (mail.sending reads only the mail app's own account and keys.)
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

from coffeechat.mail.sending import connection_for as own_server
from coffeechat.mail.sending import sender_address

CANNOT_SEND = (
    "Mail cannot be sent yet: connect your own mail server, or set COFFEECHAT_SMTP_HOST "
    "(and COFFEECHAT_SMTP_USER and COFFEECHAT_SMTP_PASSWORD) where coffeechat runs."
)


def connection_for(user: AbstractBaseUser) -> BaseEmailBackend | None:
    """The connection this user's mail goes by, or None when no server is known. Raises OSError
    when the user's own server is set but cannot be used (its password must be typed again)."""
    own = own_server(user)
    if own is not None:
        return own
    if settings.EMAIL_HOST:
        return get_connection(timeout=settings.EMAIL_TIMEOUT, fail_silently=False)
    return None


def can_send(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether mail can go out for this user: their own server is set (if its password must be
    typed again, sending says so), or this server's. Reads no password."""
    return bool(settings.EMAIL_HOST) or bool(sender_address(user))
