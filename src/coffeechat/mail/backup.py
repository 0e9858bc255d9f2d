"""The user's mail servers in a backup: hosts, ports, security and user names, never a password.
A restored account has `password_needed` until the passwords are typed again on the Mail page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import IdMaps, Section, Shape, columns_of, optional, register_section
from coffeechat.mail.connecting import SERVER_FIELDS, Passwords, missing_passwords
from coffeechat.mail.models import MailAccount

# Everything but the passwords and what this server found when reading the mailbox (its last
# sync and error): another server reads the mailbox afresh.
FIELDS = SERVER_FIELDS


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    account = MailAccount.objects.filter(owner_id=owner.pk).first()
    return {"mail_account": {name: getattr(account, name) for name in FIELDS} if account else None}


def clear(owner: AbstractBaseUser) -> None:
    MailAccount.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    found = data.get("mail_account")
    if found:
        account = MailAccount(owner_id=owner.pk, **found)
        needed = bool(missing_passwords(account, Passwords("", "")))
        MailAccount.objects.update_or_create(
            owner_id=owner.pk,
            defaults={**found, "imap_password": "", "smtp_password": "", "password_needed": needed},
        )


KEYS = {"mail_account": optional(Shape(columns_of(MailAccount, *FIELDS), frozenset({"address"})))}

register_section(Section("mail", 35, dump, load, clear, KEYS))
