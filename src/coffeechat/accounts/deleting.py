"""Leaving: an account deleted with everything it owns, after saying what goes.

What an account owns is read from the model registry: every model with a chain of foreign keys
to the user. A model added later is counted and deleted without anyone listing it here
(tests/accounts/test_deleting.py fills one of every record, fails on a model it does not fill,
and checks that no row of a deleted account is left and no other row is touched).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import models, transaction

from coffeechat.accounts.throttle import clear_failures

# What a person would call the records, by model (app label and model name, as the registry
# names them, so this lower app imports none of the higher ones). Everything else an account
# owns (addresses, events, plans, search entries …) is counted as "other records".
SPOKEN = {
    "network.person": ("person", "people"),
    "network.organization": ("organization", "organizations"),
    "network.tag": ("tag", "tags"),
    "network.tie": ("tie between people", "ties between people"),
    "explore.exploration": ("exploration", "explorations"),
    "conversations.pipelineentry": ("conversation", "conversations"),
    "conversations.message": ("message", "messages"),
    "conversations.meeting": ("meeting", "meetings"),
    "conversations.meetingnotes": ("meeting with notes", "meetings with notes"),
    "conversations.reflection": ("reflection", "reflections"),
    "conversations.giveback": ("give-back", "give-backs"),
    "interviews.question": ("question in the bank", "questions in the bank"),
    "imports.importrun": ("import", "imports"),
    "outreach.profile": ("pitch", "pitches"),
    "accounts.signinlink": ("sign-in link", "sign-in links"),
    "community.volunteerprofile": ("volunteer profile", "volunteer profiles"),
    "community.request": ("request to a volunteer", "requests to volunteers"),
}
OTHER = ("other record", "other records")
# A record belongs to an account through keys that go with what they point at (CASCADE, or
# PROTECT until the cascade has removed the protected rows); a key that is emptied (SET_NULL),
# such as the staff member who made a community's invitation, does not make the record theirs.
OWNING = (models.CASCADE, models.PROTECT)
# What higher apps do before an account goes (registered in their ready()): a volunteer leaving
# a community declines the requests waiting for them and tells the members who asked.
BEFORE_DELETING: list[Callable[[AbstractBaseUser], None]] = []


@dataclass(frozen=True)
class Count:
    what: str  # "people"
    number: int

    def __str__(self) -> str:
        return f"{self.number:,} {self.what}"


def owned_models() -> dict[type[models.Model], str]:
    """Each model holding an account's rows, with the shortest lookup from it to the user."""
    user_model = get_user_model()
    paths: dict[type[models.Model], str] = {}
    for model in apps.get_models(include_auto_created=True):  # with the tables of many-to-many fields
        if model is user_model:
            continue
        queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
        seen = {model}
        while queue and model not in paths:
            current, path = queue.popleft()
            for field in current._meta.concrete_fields:
                target = field.related_model if field.many_to_one or field.one_to_one else None
                if target is None or target in seen or field.remote_field.on_delete not in OWNING:
                    continue
                step = f"{path}__{field.name}" if path else field.name
                if target is user_model:
                    paths[model] = step
                    break
                seen.add(target)
                queue.append((target, step))
    return paths


def _spoken(counts: dict[str, int]) -> list[Count]:
    """Counts by model label as a person reads them: the named kinds first, then the rest."""
    by_label = {label.lower(): number for label, number in counts.items() if number}
    named = [
        Count(one if by_label[label] == 1 else many, by_label.pop(label))
        for label, (one, many) in SPOKEN.items()
        if label in by_label
    ]
    other = sum(by_label.values())
    return named + ([Count(OTHER[0] if other == 1 else OTHER[1], other)] if other else [])


def what_goes(user: AbstractBaseUser) -> list[Count]:
    """What deleting the account would delete, counted."""
    counts = {
        model._meta.label: model._default_manager.filter(**{path: user}).count()
        for model, path in owned_models().items()
    }
    return _spoken(counts)


def end_sessions(user: AbstractBaseUser) -> int:
    """Sign the account out everywhere: its sessions in every browser end."""
    ids = [
        session.pk
        for session in Session.objects.iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def delete_account(user: AbstractBaseUser) -> list[Count]:
    """The account and everything it owns, in one transaction; what was deleted, counted.

    Every owned row goes by a plain DELETE per model, not through Django's collector: nothing
    that stays can point at these rows (no record points into another account), so there is no
    cascade to work out, and the collector's per-row work took 24 s for 30,000 people (a
    conversation's records PROTECT their person, too, which the user's cascade refuses). The
    database still checks every foreign key when the transaction commits (they are deferred), so
    a row left pointing here would undo the whole deletion, not leave a dangling reference.
    """
    for prepare in BEFORE_DELETING:
        prepare(user)
    end_sessions(user)
    clear_failures(user.get_username())  # a new account of that name starts with a clean slate
    deleted: dict[str, int] = {}
    # Each model's rows are found through the models on its path, so those must still be there:
    # the longest paths first (a path's next model has a path one step shorter).
    for model, path in sorted(owned_models().items(), key=lambda item: -item[1].count("__")):
        rows = model._base_manager.filter(**{path: user})
        deleted[model._meta.label] = rows._raw_delete(rows.db)
    user.delete()
    return _spoken(deleted)
