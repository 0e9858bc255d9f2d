"""Sending through the user's own mail server, so their messages leave from their address and
their provider keeps the copy in its Sent folder."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail.backends.smtp import EmailBackend

from coffeechat.mail.connecting import mail_account_for, missing_passwords, passwords_of

TIMEOUT = 20  # seconds, as for the server's own SMTP (settings.EMAIL_TIMEOUT)


class PasswordNeeded(OSError):
    """The user's own server is set but its password is not there to use (restored from a backup,
    or the key changed): nothing is sent through another server instead."""


def connection_for(user: AbstractBaseUser | AnonymousUser) -> EmailBackend | None:
    """A Django email backend for the user's own SMTP server, or None when they set none (then
    callers use Django's default connection, from COFFEECHAT_SMTP_*, when there is one).

    Raises PasswordNeeded (an OSError, as a refused connection is) when the server is set but its
    password must be typed again on the Mail page."""
    account = mail_account_for(user)
    if account is None or not account.smtp_host:
        return None
    passwords = passwords_of(account)
    if "SMTP" in missing_passwords(account, passwords):
        why = "the key it was encrypted with has changed" if passwords.problem else "it is not stored here"
        raise PasswordNeeded(f"your mail server's password is needed again ({why}): type it on the Mail page")
    return EmailBackend(
        host=account.smtp_host,
        port=account.smtp_port,
        username=account.smtp_user,
        password=passwords.smtp,
        use_tls=account.smtp_security == "starttls",
        use_ssl=account.smtp_security == "ssl",
        timeout=TIMEOUT,
        fail_silently=False,
    )


def sender_address(user: AbstractBaseUser | AnonymousUser) -> str:
    """The address the user's own server sends from, or "" when they set none."""
    account = mail_account_for(user)
    return account.address if account is not None and account.smtp_host else ""
