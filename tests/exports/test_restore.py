"""Restoring a backup: everything an account owns comes back, and a bad file changes nothing."""

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import Client

from coffeechat.conversations.models import Meeting, ResearchItem
from coffeechat.exports.backup import make_backup, restore_backup
from coffeechat.imports.models import ImportRun
from coffeechat.interviews.models import Question
from coffeechat.interviews.service import questions_for
from coffeechat.network.models import Person
from tests.exports.filling import MAIL_PASSWORD, fill_account

pytestmark = pytest.mark.django_db
BACKUPS = Path(__file__).parent / "backups"

# Rows reachable from an account that a backup leaves out on purpose, and why.
NOT_IN_BACKUP = {
    "network.searchentry": "derived: rebuilt from the people on restore",
    "imports.importchange": "what an import changed, kept to undo it; a restored import cannot be undone",
    "imports.pendingupload": "a file between its preview and the go-ahead",
    "accounts.signinlink": "a credential of this server",
    "conversations.calendarfeed": "a secret address; the restored account gets its own",
    "outreach.digest": "which days a digest went out from this server",
    "outreach.digestitem": "what this server's digests said; a restored account's first digest is all new",
    # The mailbox sync's own state: a restored account reads its mailbox again (passwords are typed
    # again first), and what was recorded is known by its Message-ID, so nothing is lost or doubled.
    "mail.mailfolder": "how far this server read each folder (UIDs are the mail server's own)",
    "mail.mailquestion": "a reply to place: read again from the mailbox after a restore",
    "mail.mailquestion_requests": "the requests such a reply could answer",
    "mail.addressoffer": "an address to add: offered again when the mailbox is read again",
    # Community mode: records shared with other members and staff, kept by the community's server
    # (its database backup), not part of one member's own coffeechat.
    "community.membership": "the community's record of a member",
    "community.volunteerprofile": "a volunteer's profile, published to the community",
    "community.request": "shared by the member who asked and the volunteer",
    "community.notice": "the community's notices to a member",
    "community.invitation": "the community's invitation links",
    "community.alumnirecord": "staff's alumni records",
    "auth.user_groups": "not used by coffeechat",
    "auth.user_user_permissions": "not used by coffeechat",
}


def owner_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to the account owning it ("entry__exploration__owner"), if any."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    paths: list[tuple[type[models.Model], str]] = [(model, "")]
    for _ in range(4):
        step = []
        for current, path in paths:
            for field in current._meta.concrete_fields:
                if isinstance(field, models.ForeignKey):
                    lookup = f"{path}__{field.name}" if path else field.name
                    if field.related_model is user_model:
                        return lookup
                    step.append((field.related_model, lookup))
        paths = step
    return None


def owned_counts(owner: User) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        path = owner_path(model)
        if path and model._meta.label_lower not in NOT_IN_BACKUP:
            counts[model._meta.label_lower] = model._default_manager.filter(**{path: owner.pk}).count()
    return counts


def comparable(backup: dict[str, Any]) -> dict[str, Any]:
    """The backup with people's and organizations' ids replaced by their place in the file."""
    people = {p["id"]: f"person {n}" for n, p in enumerate(backup["people"])}
    orgs = {o["id"]: f"organization {n}" for n, o in enumerate(backup["organizations"])}

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items() if k not in ("exported", "account")}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in ("person", "about", "a", "b", "candidate", "network_of", "excluded_people"):
            return people.get(value, value)
        if key in ("target_organizations", "excluded_organizations") or (
            key == "organization" and isinstance(value, int)
        ):
            return orgs.get(value, value)
        if key == "key" and isinstance(value, str) and value.startswith("check_in:"):
            kind, pk, rest = value.split(":", 2)
            return f"{kind}:{people[int(pk)]}:{rest}"
        return value

    found = walk(backup)
    for name, table in (("people", people), ("organizations", orgs)):
        for item in found[name]:
            item["id"] = table[item["id"]]
    return found


def test_it_restores_every_kind_of_record_an_account_owns(user: User, other_user: User) -> None:
    fill_account(user)
    source = owned_counts(user)
    empty = [label for label, count in source.items() if not count]
    assert not empty, f"fill_account makes none of {empty}: add one, and to the backup, or to NOT_IN_BACKUP"
    text = json.dumps(make_backup(user))
    assert MAIL_PASSWORD not in text and "password" not in text  # neither typed nor encrypted
    backup = json.loads(text)
    restore_backup(other_user, backup)
    assert owned_counts(other_user) == source
    assert comparable(make_backup(other_user)) == comparable(backup)


@pytest.mark.parametrize("version", [1, 2])
def test_backups_of_earlier_versions_still_restore(user: User, version: int) -> None:
    data = json.loads((BACKUPS / f"version-{version}.json").read_text())
    assert data["version"] == version
    counts = restore_backup(user, data)
    assert counts["people"] == 3 and counts["organizations"] == 2 and counts["ties"] == 1
    meeting = Meeting.objects.get(owner=user)
    assert (meeting.person.name, meeting.time_zone, meeting.plan.get().answer) == (
        "Maria Lopez",
        "Europe/Berlin",
        "By chance",
    )
    assert meeting.exploration.pipeline.get().stage == "met"
    assert sorted(Question.objects.filter(owner=user).values_list("text", flat=True)) == [
        "How did you start?",
        "What matters?",
    ]


def crafted(backup: dict[str, Any], change: str, other: User) -> dict[str, Any]:
    """One bad thing in an otherwise good backup."""
    data = copy.deepcopy(backup)
    foreign_meeting = Meeting.objects.filter(owner=other).values_list("pk", flat=True).first()
    if change == "unknown person":
        data["messages"][0]["person"] = 999999
    elif change == "another account's meeting":
        data["meetings"][0]["research"][0]["meeting_id"] = foreign_meeting
    elif change == "owner in profile":
        data["profile"]["owner_id"] = other.pk
    elif change == "unknown question":
        data["meetings"][0]["plan"][0]["question"] = 99
    elif change == "zone":
        data["meetings"][0]["time_zone"] = "Mars/Olympus"
    elif change == "link":
        data["people"][0]["links"] = ["javascript:alert(1)"]
    elif change == "stage":
        data["pipeline"][0]["stage"] = "hired"
    elif change == "length":
        data["people"][1]["name"] = "x" * 201
    elif change == "type":
        data["ties"][0]["strength"] = "3"
    elif change == "key":
        data["surprise"] = []
    return data


REFUSALS = {
    "unknown person": "messages[0].person: unknown person 999999",
    "another account's meeting": "meetings[0].research[0].meeting_id: unknown field",
    "owner in profile": "profile.owner_id: unknown field",
    "unknown question": "meetings[0].plan[0].question: unknown question 99",
    "zone": "meetings[0].time_zone: 'Mars/Olympus' is not a time zone",
    "link": "people[0].links[0]: 'javascript:alert(1)' is not an http, https or mailto link",
    "stage": "pipeline[0].stage: Value 'hired' is not a valid choice.",
    "length": "people[1].name: Ensure this value has at most 200 characters (it has 201).",
    "type": "ties[0].strength: should be a whole number, not text",
    "key": "surprise: unknown field",
}


@pytest.mark.parametrize("replace", [False, True])
def test_a_bad_backup_is_refused_naming_record_and_field_and_changes_nothing(
    user: User, other_user: User, tmp_path: Path, replace: bool
) -> None:
    fill_account(user)
    fill_account(other_user)
    good = json.loads(json.dumps(make_backup(user)))
    target = user if replace else User.objects.create_user("kai")
    before = (comparable(make_backup(target)), owned_counts(target), owned_counts(other_user))
    for change, message in REFUSALS.items():
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(crafted(good, change, other_user)))
        args = ["--replace"] if replace else []
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path), "--user", target.username, *args, stdout=io.StringIO())
        assert str(refused.value) == f"bad.json: {message}; nothing was changed", change
        assert (comparable(make_backup(target)), owned_counts(target), owned_counts(other_user)) == before
    assert ResearchItem.objects.filter(meeting__owner=other_user).count() == 1


def test_replace_clears_everything_first_import_history_included(user: User, other_user: User) -> None:
    fill_account(user)
    backup = make_backup(user)
    ImportRun.objects.create(owner=other_user, filename="old.csv", format="csv")
    Question.objects.create(owner=other_user, theme="path", text="A question of my own")
    with pytest.raises(Exception, match="already has import runs"):
        restore_backup(other_user, backup)
    restore_backup(other_user, backup, replace=True)
    assert list(ImportRun.objects.filter(owner=other_user).values_list("filename", flat=True)) == [
        "contacts.csv"
    ]
    assert Question.objects.filter(owner=other_user).count() == 2


def test_restoring_never_duplicates_the_question_bank(user: User, other_user: User) -> None:
    fill_account(user)
    backup = make_backup(user)
    seeded = len(questions_for(other_user))  # first visit to the bank seeds coffeechat's questions
    assert seeded > 2
    restore_backup(other_user, backup)
    assert [q.text for q in questions_for(other_user)] == ["How did you start?", "What matters?"]


def test_a_restored_import_keeps_its_pending_matches_and_is_not_offered_for_undo(
    user: User, other_user: User, client_for: Any
) -> None:
    fill_account(user)
    restore_backup(other_user, make_backup(user))
    run = ImportRun.objects.get(owner=other_user)
    assert run.restored and run.reviews.get().candidate.name == "Maria Lopez"
    sam: Client = client_for(other_user)
    page = sam.get(run.get_absolute_url()).content.decode()
    assert "Undo this import" not in page and "cannot be undone" in page and "Same person" in page
    assert "cannot be undone" in sam.get(f"/imports/{run.pk}/undo/", follow=True).content.decode()
    with pytest.raises(CommandError, match="restored from a backup"):
        call_command("imports", "undo", str(run.pk), "--user", "sam", stdout=io.StringIO())
    assert Person.objects.filter(owner=other_user).count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000, "lists inside lists too deeply"),
        ('{"format": "coffeechat-backup", "version": 1' + "1" * 5000 + "}", "not a JSON file"),
        (b"\xff\xfe{", "not a JSON file"),
    ],
    ids=["nested", "long number", "not UTF-8"],
)
def test_a_file_that_is_no_json_is_refused_with_a_message(
    user: User, tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), stdout=io.StringIO())
