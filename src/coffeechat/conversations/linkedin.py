"""LinkedIn messages and invitations, matched by the import (imports/history.py), kept as Interactions.

Each is recorded once per owner by its source key (the conversation, the time, who wrote and to
whom), so importing the same export again, or a later one that repeats it, records nothing twice.
The text is kept only when the user chose to keep it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.conversations.models import Interaction
from coffeechat.imports.formats.linkedin_messages import Said

BATCH = 1000


def record_linkedin(owner: AbstractBaseUser, matched: list[tuple[Said, int]], keep_texts: bool) -> int:
    """Interactions for what is not recorded yet; how many were new."""
    mine = Interaction.objects.filter(owner_id=owner.pk)
    new = 0
    for start in range(0, len(matched), BATCH):
        chunk = matched[start : start + BATCH]
        known = set(
            mine.filter(source_key__in=[s.key for s, _ in chunk]).values_list("source_key", flat=True)
        )
        fresh = [
            Interaction(
                owner_id=owner.pk,
                person_id=pid,
                at=said.at,
                channel=Interaction.Channel.LINKEDIN,
                direction=said.direction,
                subject=said.subject,
                text=said.text if keep_texts else "",
                source_key=said.key,
            )
            for said, pid in chunk
            if said.key not in known
        ]
        Interaction.objects.bulk_create(fresh, ignore_conflicts=True)
        new += len(fresh)
    return new
