"""Two filled accounts for the isolation walk, and a snapshot of what one of them owns.

The victim has one of every kind of record (the browser tests' filling, an import with its undo
data and a review, and the records filling.py leaves out); the attacker has the same shapes of
their own, so a pattern with two ids can be tried with one of each. Every name, title and text the
victim owns carries MARK, so a page that shows any of it to the attacker is found by one search.

What an account owns is read from the model registry: each model's shortest chain of foreign keys
to the user (`Person.owner`, `MeetingNotes.meeting.owner`, ...), so a new model is covered too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client

from coffeechat.accounts.signin import create_signin_token
from coffeechat.conversations.models import TodayDecision
from coffeechat.explore.models import Exploration, OrganizationInterest
from coffeechat.imports.models import ColumnMapping, ImportReview
from coffeechat.insights.models import ItemCuration
from coffeechat.network.models import Organization, PastPosition, Person, PhoneNumber
from coffeechat.network.services import PersonDetails, save_person
from coffeechat.outreach.models import Digest, DigestItem, MessageTemplate
from tests.browser.filling import fill
from tests.imports import samples

MARK = "Quokkavictim"

Ids = dict[str, Any]


def _import_with_a_review(owner: User) -> None:
    """A real import: people created, one matched person updated (the undo data), one review."""
    save_person(
        Person(name="Anna Ruiz", tie_strength=2), owner, PersonDetails(organization_name="Acme Health")
    )
    client = Client()
    client.force_login(owner)
    upload = SimpleUploadedFile("Connections.csv", samples.LINKEDIN_CURRENT.encode())
    pending = client.post("/imports/", {"file": upload, "format": "auto"})["Location"]
    client.post(pending, {"action": "import"})
    review = ImportReview.objects.get(run__owner=owner)
    client.post(f"/imports/reviews/{review.pk}/", {"decision": "same"})


def _what_filling_leaves_out(owner: User, ids: Ids) -> None:
    person = Person.objects.get(pk=ids["person_id"])
    PhoneNumber.objects.create(person=person, raw="+1 415 555 0100", e164="+14155550100")
    PastPosition.objects.create(
        person=person, title="Nurse", organization_name="City Hospital", until=date(2020, 1, 1)
    )
    exploration = Exploration.objects.get(pk=ids["exploration_id"])
    exploration.excluded_people.add(Person.objects.get(pk=ids["long_person_id"]))
    organization = Organization.objects.get(pk=ids["organization_id"])
    exploration.excluded_organizations.add(organization)
    OrganizationInterest.objects.create(exploration=exploration, organization=organization, score=4)
    ColumnMapping.objects.create(
        owner=owner, name="alumni", columns=["Alumni name"], mapping={"name": "Alumni name"}
    )
    ItemCuration.objects.create(owner=owner, kind="skills", key="figma", label="Figma", confirmed=True)
    TodayDecision.objects.create(owner=owner, key="nudge-1", snoozed_until=date.today() + timedelta(days=3))
    Digest.objects.create(owner=owner, on=date.today(), sent=True, outcome="1 follow-up newly due")
    DigestItem.objects.create(owner=owner, key="nudge-1", carried_on=date.today())
    MessageTemplate.objects.create(
        owner=owner, kind="direct_request", subject="Hello", body="Hi {first_name}"
    )
    create_signin_token(owner)


def _mark_everything(owner: User) -> None:
    """Put MARK into every name, title and text the account owns (saved, so search finds it too)."""
    for model, path in owned_models().items():
        if model._meta.label in DERIVED:
            continue
        text_fields = [
            f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
        ]
        names = [f for f in text_fields if f.name in NAMED and not f.choices]
        for row in model.objects.filter(**{path: owner}):
            for field in names:
                setattr(row, field.name, f"{MARK} {getattr(row, field.name)}"[: field.max_length or None])
            if names:
                row.save()


# The fields that carry what a person would recognise as theirs on a page.
NAMED = {"name", "title", "text", "why", "notes", "subject", "body", "full_name", "pitch", "label", "note"}
# Rewritten from the others on save.
DERIVED = {"network.SearchEntry"}


def filled_account(username: str, *, marked: bool) -> Ids:
    owner = get_user_model().objects.create_user(username, password=f"{username} passphrase 42")
    _import_with_a_review(owner)
    ids = fill(username)
    _what_filling_leaves_out(owner, ids)
    if marked:
        _mark_everything(owner)
    return ids


@dataclass(frozen=True)
class Owned:
    """Every row an account owns, per model, as plain values."""

    rows: dict[str, list[dict[str, Any]]]

    def differences(self, other: Owned) -> list[str]:
        changed = []
        for label in sorted(set(self.rows) | set(other.rows)):
            before, after = self.rows.get(label, []), other.rows.get(label, [])
            if before != after:
                gone = [r for r in before if r not in after]
                came = [r for r in after if r not in before]
                changed.append(f"{label}: before {gone[:2]}, after {came[:2]}")
        return changed


# Apps whose records are shared between accounts by design, with what tries their pages instead.
SHARED = {"community": "tests/community/test_isolation.py: each community page as another member, as staff"}


def owned_models() -> dict[type[models.Model], str]:
    """Each of the project's models (many-to-many tables too) and its lookup to the owning user."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in SHARED:
            continue
        if model.__module__.startswith("coffeechat.") or model._meta.app_config.name.startswith(
            "coffeechat."
        ):
            path = _path_to_user(model)
            if path:
                found[model] = path
    return found


def _path_to_user(model: type[models.Model]) -> str | None:
    user_model = get_user_model()
    level: list[tuple[type[models.Model], str]] = [(model, "")]
    seen = {model}
    for _depth in range(4):
        following = []
        for current, prefix in level:
            # A non-null chain first: a nullable one would miss the rows where it is empty.
            keys = sorted((f for f in current._meta.concrete_fields if f.is_relation), key=lambda f: f.null)
            for key in keys:
                if key.related_model is user_model:
                    return prefix + key.name
            for key in keys:
                if key.related_model not in seen:
                    seen.add(key.related_model)
                    following.append((key.related_model, f"{prefix}{key.name}__"))
        level = following
    return None


def owned_by(owner: User) -> Owned:
    rows = {}
    for model, path in owned_models().items():
        values = model.objects.filter(**{path: owner}).order_by("pk").values()
        rows[model._meta.label] = [{k: _plain(v) for k, v in row.items()} for row in values]
    account = get_user_model().objects.filter(pk=owner.pk).values("username", "password", "is_active")
    rows["auth.User"] = list(account)
    return Owned(rows)


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def empty_kinds(owner: User) -> list[str]:
    """The models the account has no row of: the walk would not see what happens to them."""
    return [
        model._meta.label
        for model, path in owned_models().items()
        if not model.objects.filter(**{path: owner}).exists()
    ]


def rows_pointing_into_another_account() -> list[str]:
    """Rows whose foreign key names a record of another account than their own."""
    found = []
    owned = owned_models()
    for model, path in owned.items():
        for key in model._meta.concrete_fields:
            target_path = owned.get(key.related_model) if key.is_relation else None
            if target_path is None:
                continue
            pairs = model.objects.filter(**{f"{key.name}__isnull": False}).values_list(
                "pk", path, f"{key.name}__{target_path}"
            )
            found += [f"{model._meta.label} {pk}.{key.name}" for pk, own, theirs in pairs if own != theirs]
    return found
