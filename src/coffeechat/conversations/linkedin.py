"""LinkedIn messages and invitations, matched by the import (imports/history.py), kept as Interactions.

Each is recorded once per owner by its source key (the conversation, the time, who wrote and to
whom), so importing the same export again, or a later one that repeats it, records nothing twice.
The text is kept only when the user chose to keep it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from coffeechat.conversations.models import Interaction
from coffeechat.imports.formats.linkedin_messages import Said
from coffeechat.network.bulk import insert_rows

BATCH = 1000
LINKEDIN = Interaction.Channel.LINKEDIN.value
FIELDS = ("owner", "person", "at", "channel", "direction", "subject", "text", "source_key", "created")


def record_linkedin(owner: AbstractBaseUser, matched: list[tuple[Said, int]], keep_texts: bool) -> list[str]:
    """Interactions for what is not recorded yet; the keys of those recorded now."""
    mine = Interaction.objects.filter(owner_id=owner.pk)
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())

    def text(said: Said) -> str:
        return said.text if keep_texts else ""

    new: list[str] = []
    for start in range(0, len(matched), BATCH):
        chunk = matched[start : start + BATCH]
        known = set(
            mine.filter(source_key__in=[s.key for s, _ in chunk]).values_list("source_key", flat=True)
        )
        fresh = [
            (owner.pk, pid, adapt(said.at), LINKEDIN, said.direction, said.subject, text(said), said.key, now)
            for said, pid in chunk
            if said.key not in known
        ]
        # Plain rows, not model objects (bulk_create spent half the import on them); a row another
        # import just wrote is left out.
        insert_rows(Interaction, FIELDS, fresh, skip_taken=True)
        new += [row[7] for row in fresh]
    return new


def forget_linkedin(owner_id: int, keys: list[str]) -> int:
    """Remove what an import recorded, when it is undone."""
    mine = Interaction.objects.filter(owner_id=owner_id)
    return sum(
        mine.filter(source_key__in=keys[start : start + BATCH]).delete()[0]
        for start in range(0, len(keys), BATCH)
    )
