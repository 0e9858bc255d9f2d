"""Merging, deleting and undoing keep or explicitly confirm everything that points at a person."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from coffeechat.community.models import Request, VolunteerProfile
from coffeechat.conversations.models import (
    GiveBack,
    Interaction,
    KeepInTouch,
    Meeting,
    Message,
    PipelineEntry,
    Referral,
)
from coffeechat.explore.models import Exploration
from coffeechat.imports.models import ImportChange, ImportReview, ImportRun, PendingUpload
from coffeechat.mail.models import AddressOffer, MailQuestion
from coffeechat.network.merging import merge_people
from coffeechat.network.models import Person
from coffeechat.network.references import person_references
from tests.imports import samples


def _one_of_each(user: User, dup: Person, other: Person) -> dict[str, Any]:
    """A row of every model that points at a person, pointing at `dup`."""
    exploration = Exploration.objects.create(owner=user, text="design")
    meeting = Meeting.objects.create(owner=user, person=dup, starts=timezone.now())
    run = ImportRun.objects.create(owner=user, filename="x.csv", format="csv", counts={})
    return {
        "conversations.pipelineentry.person": PipelineEntry.objects.create(
            exploration=exploration, person=dup
        ),
        "conversations.message.person": Message.objects.create(
            owner=user, person=dup, kind="nudge", body="…"
        ),
        "conversations.message.about": Message.objects.create(
            owner=user, person=other, about=dup, kind="intro_request", body="…"
        ),
        "conversations.meeting.person": meeting,
        "conversations.referral.person": Referral.objects.create(
            meeting=Meeting.objects.create(owner=user, person=other, starts=timezone.now()), person=dup
        ),
        "conversations.giveback.person": GiveBack.objects.create(owner=user, person=dup, on=date(2026, 1, 1)),
        "conversations.keepintouch.person": KeepInTouch.objects.create(
            owner=user, person=dup, every_months=2
        ),
        "imports.importreview.candidate": ImportReview.objects.create(
            run=run, record={}, candidate=dup, score=90
        ),
        "imports.importrun.network_of": ImportRun.objects.create(
            owner=user, filename="y.csv", format="csv", counts={}, network_of=dup
        ),
        "imports.pendingupload.network_of": PendingUpload.objects.create(
            owner=user, filename="z.csv", data=b"", network_of=dup
        ),
        "explore.exploration_excluded_people.person": exploration.excluded_people.add(dup),
        "conversations.interaction.person": Interaction.objects.create(
            owner=user, person=dup, at=timezone.now(), channel="email", direction="received", source_key="m1"
        ),
        "mail.mailquestion.person": MailQuestion.objects.create(
            owner=user, person=dup, source_key="m2", at=timezone.now()
        ),
        "mail.addressoffer.person": AddressOffer.objects.create(
            owner=user, person=dup, address="lena@home.example", at=timezone.now()
        ),
        "community.request.person": Request.objects.create(
            member=user,
            volunteer=VolunteerProfile.objects.create(user=user, headline="Nurse educator"),
            volunteer_name="Dev Shah",
            exploration_text="design",
            pitch="…",
            message="…",
            created=timezone.now(),
            status="accepted",
            person=dup,
        ),
    }


def test_merging_keeps_everything_of_every_model_that_points_at_a_person(
    user: User, make_person: Callable[..., Person]
) -> None:
    keep = make_person(user, "Lena Fischer")
    dup = make_person(user, "Lena Fischer (old)")
    other = make_person(user, "Dev Shah")
    rows = _one_of_each(user, dup, other)
    skipped = {"imports.importchange.person"}  # undo history: it stays with the record it changed
    found = {f"{r.label}.{r.field}" for r in person_references()}
    missing = found - set(rows) - skipped
    assert not missing, f"add a row of these to the test: {sorted(missing)}"
    dup_id = dup.pk
    merge_people(keep, dup)
    for ref in person_references():
        key = f"{ref.label}.{ref.field}"
        if key in skipped:
            continue
        assert ref.rows(keep).exists(), f"{key} lost in the merge"
        assert not ref.rows(dup_id).exists()


def test_merging_two_list_entries_keeps_the_further_stage_and_all_events(
    user: User, make_person: Callable[..., Person]
) -> None:
    from coffeechat.conversations.events import record_event

    keep, dup = make_person(user, "Lena"), make_person(user, "Lena F.")
    exploration = Exploration.objects.create(owner=user, text="design")
    record_event(PipelineEntry.objects.create(exploration=exploration, person=keep), "request_sent")
    moved = PipelineEntry.objects.create(exploration=exploration, person=dup)
    record_event(moved, "request_sent")
    record_event(moved, "reply_recorded")
    merge_people(keep, dup)
    entry = PipelineEntry.objects.get()
    assert entry.person == keep and entry.stage == "replied" and entry.events.count() == 3


def test_deleting_a_person_with_conversations_says_what_goes_and_asks(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    Message.objects.create(owner=user, person=ana, kind="nudge", body="…", sent=timezone.now())
    Meeting.objects.create(owner=user, person=ana, starts=timezone.now())
    page = alex.get(f"/people/{ana.pk}/delete/").content.decode()
    assert "1 messages" in page and "1 meetings" in page
    alex.post(f"/people/{ana.pk}/delete/")
    assert Person.objects.filter(pk=ana.pk).exists()
    run = ImportRun.objects.create(owner=user, filename="ana.csv", format="csv", counts={}, network_of=ana)
    alex.post(f"/people/{ana.pk}/delete/", {"confirm": "everything"})
    assert not Person.objects.filter(pk=ana.pk).exists() and not Message.objects.exists()
    run.refresh_from_db()  # the import of her contacts stays in the history, without the link
    assert run.network_of is None


def test_undoing_an_import_keeps_people_with_conversations(user: User, tmp_path: Path) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(samples.GOOGLE)
    call_command("import", str(source), "--user", "alex", stdout=io.StringIO())
    maria = Person.objects.get(name="Maria Lopez")
    Meeting.objects.create(owner=user, person=maria, starts=timezone.now() - timedelta(days=1))
    out = io.StringIO()
    call_command("imports", "undo", str(ImportRun.objects.get().pk), "--user", "alex", stdout=out)
    assert Person.objects.filter(pk=maria.pk).exists()
    assert "Kept Maria Lopez" in out.getvalue() and "meetings" in out.getvalue()
    assert Person.objects.count() == 1
    assert ImportChange.objects.exists()


@pytest.mark.skipif("sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="SQLite files only")
def test_a_sqlite_database_is_copied_before_migrations(tmp_path: Path) -> None:
    from coffeechat.core.database import copy_sqlite_database

    copy = copy_sqlite_database()
    if copy is None:  # the test database lives in memory
        database = tmp_path / "db.sqlite3"
        with sqlite3.connect(database) as conn:
            conn.execute("CREATE TABLE person (name TEXT)")
            conn.execute("INSERT INTO person VALUES ('Ana')")
        original = settings.DATABASES["default"]["NAME"]
        settings.DATABASES["default"]["NAME"] = str(database)
        try:
            copy = copy_sqlite_database()
        finally:
            settings.DATABASES["default"]["NAME"] = original
    assert copy is not None and copy.exists() and ".before-update-" in copy.name
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM person").fetchall() == [("Ana",)]
