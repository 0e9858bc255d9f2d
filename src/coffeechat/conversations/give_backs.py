"""Give-backs: what the user did for someone in return, logged from the web and the command line."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from coffeechat.conversations import lifecycle
from coffeechat.conversations.events import record_on_person
from coffeechat.conversations.models import GiveBack
from coffeechat.network.models import Person


@transaction.atomic
def log_give_back(owner: AbstractBaseUser, person: Person, logged: GiveBack) -> GiveBack:
    """Save it; it counts as an interaction with them, so their conversations move and check-ins restart."""
    logged.owner_id, logged.person = owner.pk, person
    logged.save()
    record_on_person(person, lifecycle.GIVE_BACK_LOGGED, note=logged.get_kind_display())
    return logged
