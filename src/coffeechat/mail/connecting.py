"""Connecting the user's mailbox and mail server: saving the servers (passwords encrypted, kept when
left empty), reading the passwords back, noticing when they are needed again, trying the servers,
and disconnecting (the servers and passwords are forgotten; what was recorded stays)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from coffeechat.mail.checking import Outcome, Server, try_imap, try_smtp
from coffeechat.mail.keys import KeyProblem, decrypt, encrypt
from coffeechat.mail.models import MailAccount, MailFolder

AnyUser = AbstractBaseUser | AnonymousUser

# What the form and `mail connect` set; passwords are set apart, never shown back.
SERVER_FIELDS = (
    "address",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_user",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "sync_enabled",
)


def mail_account_for(user: AnyUser) -> MailAccount | None:
    """The signed-in user's own mail account, if they connected one (no one else's, ever)."""
    if user.pk is None:
        return None
    return MailAccount.objects.filter(owner_id=user.pk).first()


@dataclass(frozen=True)
class Passwords:
    imap: str
    smtp: str
    problem: str = ""  # why they could not be read ("" when they could)


def passwords_of(account: MailAccount) -> Passwords:
    """The passwords as typed. One this server's key cannot read is "" with the reason, and the
    account is marked as needing its password again."""
    try:
        return Passwords(decrypt(account.imap_password), decrypt(account.smtp_password))
    except KeyProblem as exc:
        if not account.password_needed:
            account.password_needed = True
            MailAccount.objects.filter(pk=account.pk).update(password_needed=True)
        return Passwords("", "", str(exc))


def missing_passwords(account: MailAccount, passwords: Passwords) -> list[str]:
    """The servers whose password must be typed (again): a user name set and no password to use."""
    missing = []
    if account.imap_host and account.imap_user and not passwords.imap:
        missing.append("IMAP")
    if account.smtp_host and account.smtp_user and not passwords.smtp:
        missing.append("SMTP")
    return missing


@transaction.atomic
def save_account(
    user: AbstractBaseUser, values: dict[str, Any], imap_password: str, smtp_password: str
) -> MailAccount:
    """Create or change the user's mail account. An empty password keeps the stored one (when it
    can still be read); `password_needed` is worked out again from what there is now."""
    account = MailAccount.objects.select_for_update().filter(owner_id=user.pk).first()
    account = account or MailAccount(owner_id=user.pk)
    kept = passwords_of(account) if account.pk else Passwords("", "")
    mailbox = (account.imap_host, account.imap_user)
    for name in SERVER_FIELDS:
        if name in values:
            setattr(account, name, values[name])
    # A password left empty keeps what is stored, even one this key cannot read (the old key may
    # come back); a typed one replaces it.
    if imap_password:
        account.imap_password = encrypt(imap_password)
    if smtp_password:
        account.smtp_password = encrypt(smtp_password)
    usable = Passwords(imap_password or kept.imap, smtp_password or kept.smtp)
    account.password_needed = bool(missing_passwords(account, usable))
    account.save()
    if mailbox != (account.imap_host, account.imap_user):
        # Another mailbox: what was read of the old one's folders (UIDVALIDITY, last UID) says nothing of it.
        MailFolder.objects.filter(account=account).delete()
    return account


def disconnect(user: AbstractBaseUser) -> bool:
    """Forget the user's servers and passwords; what was recorded from the mailbox stays."""
    deleted, _ = MailAccount.objects.filter(owner_id=user.pk).delete()
    return bool(deleted)


def servers_of(account: MailAccount, passwords: Passwords) -> list[Server]:
    found = []
    if account.imap_host:
        found.append(
            Server(
                "IMAP",
                account.imap_host,
                account.imap_port,
                account.imap_security,
                account.imap_user,
                passwords.imap,
            )
        )
    if account.smtp_host:
        found.append(
            Server(
                "SMTP",
                account.smtp_host,
                account.smtp_port,
                account.smtp_security,
                account.smtp_user,
                passwords.smtp,
            )
        )
    return found


def test_connection(account: MailAccount) -> list[Outcome]:
    """Log in to each server set (IMAP, then SMTP); a missing password is said, not tried."""
    passwords = passwords_of(account)
    missing = missing_passwords(account, passwords)
    outcomes = []
    for server in servers_of(account, passwords):
        if server.kind in missing:
            why = (
                passwords.problem or "no password is stored (a restored backup leaves it out). Type it again."
            )
            outcomes.append(Outcome(server, False, f"{server.name}: {why}"))
        else:
            outcomes.append(try_imap(server) if server.kind == "IMAP" else try_smtp(server))
    return outcomes


def status_of(account: MailAccount | None) -> dict[str, Any]:
    """What `mail status --json` prints and the page shows: the servers, never a password."""
    if account is None:
        return {"connected": False}
    passwords = passwords_of(account)
    missing = missing_passwords(account, passwords)
    return {
        "connected": True,
        "address": account.address,
        "imap": {
            "host": account.imap_host,
            "port": account.imap_port,
            "security": account.imap_security,
            "user": account.imap_user,
            "password_stored": bool(passwords.imap),
        },
        "smtp": {
            "host": account.smtp_host,
            "port": account.smtp_port,
            "security": account.smtp_security,
            "user": account.smtp_user,
            "password_stored": bool(passwords.smtp),
        },
        "notice_replies": account.sync_enabled,
        "password_needed": bool(missing),
        "passwords_needed": missing,
        "password_problem": passwords.problem,
        "last_sync": account.last_sync.isoformat() if account.last_sync else None,
        "last_error": account.last_error,
    }
