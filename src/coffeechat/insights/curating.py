"""The user's word on a recurring item: what confirming one means for the rest."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from coffeechat.insights.models import ItemCuration


@transaction.atomic
def confirm_item(owner: AbstractBaseUser, kind: str, key: str, as_kind: str) -> ItemCuration:
    """Confirm a term as one kind (Figma as a skill, not an organization): the term is confirmed
    under that kind only, and keeps the name the user gave it under the kind it was shown as."""
    shown_as = ItemCuration.objects.filter(owner_id=owner.pk, kind=kind, key=key).first()
    curation, _ = ItemCuration.objects.get_or_create(owner_id=owner.pk, kind=as_kind, key=key)
    if shown_as is not None and shown_as.pk != curation.pk:
        curation.label = curation.label or shown_as.label
        curation.merged_into = curation.merged_into or shown_as.merged_into
    curation.confirmed = True
    curation.save()
    ItemCuration.objects.filter(owner_id=owner.pk, key=key, confirmed=True).exclude(pk=curation.pk).update(
        confirmed=False
    )
    return curation


def unconfirm_item(owner: AbstractBaseUser, key: str) -> None:
    ItemCuration.objects.filter(owner_id=owner.pk, key=key, confirmed=True).update(confirmed=False)
