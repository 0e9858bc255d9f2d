"""The user's pitch and their wording of messages, in a backup."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.core.backups import IdMaps, Section, Shape, columns_of, list_of, optional, register_section
from coffeechat.outreach.models import MessageTemplate, Profile


def dump(owner: AbstractBaseUser) -> dict[str, Any]:
    profile = Profile.objects.filter(owner_id=owner.pk).first()
    return {
        "profile": {f: getattr(profile, f) for f in Profile.USER_FIELDS} if profile else None,
        "message_templates": [
            {"kind": t.kind, "subject": t.subject, "body": t.body}
            for t in MessageTemplate.objects.filter(owner_id=owner.pk).order_by("kind")
        ],
    }


def clear(owner: AbstractBaseUser) -> None:
    MessageTemplate.objects.filter(owner_id=owner.pk).delete()
    Profile.objects.filter(owner_id=owner.pk).delete()


def load(owner: AbstractBaseUser, data: dict[str, Any], ids: IdMaps) -> None:
    # Only the keys the shapes below let through reach the models (never owner_id or id).
    if data.get("profile"):
        Profile.objects.update_or_create(owner_id=owner.pk, defaults=data["profile"])
    for item in data.get("message_templates", []):
        MessageTemplate.objects.update_or_create(owner_id=owner.pk, kind=item["kind"], defaults=item)


KEYS = {
    "profile": optional(Shape(columns_of(Profile, *Profile.USER_FIELDS))),
    "message_templates": list_of(
        Shape(columns_of(MessageTemplate, "kind", "subject", "body"), frozenset({"kind", "body"})),
        {"kind": lambda t: t["kind"]},
    ),
}


register_section(Section("outreach", 30, dump, load, clear, KEYS))
