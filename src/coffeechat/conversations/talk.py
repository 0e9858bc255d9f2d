"""When the user and a person last wrote to each other outside the app's requests (Interactions:
LinkedIn messages and invitations, mail read from the mailbox), and whether they answered: read
for many people in one query, summarized by explore/said.py (pure)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max

from coffeechat.conversations.models import Interaction
from coffeechat.explore.said import PastTalk, phrase, summarize
from coffeechat.network.models import Person


def past_talk_of(owner_id: int, person_ids: list[int]) -> dict[int, PastTalk]:
    """The latest time each side wrote, per person and channel: one grouped query."""
    latest = (
        Interaction.objects.filter(owner_id=owner_id, person_id__among=person_ids)
        .values("person_id", "direction", "channel")
        .annotate(last=Max("at"))
        .values_list("person_id", "direction", "channel", "last")
        .order_by()
    )
    return summarize(list(latest))


def sentence(person: Person, talk: PastTalk, now: datetime) -> str:
    """ "You last wrote to Laura in March 2023; Laura answered." by their first name."""
    words = person.name.split()
    text = phrase(talk, now, words[0] if words else person.name)
    return text[:1].upper() + text[1:] + "."
