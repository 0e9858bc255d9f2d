import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.conversations.models import (
    Meeting,
    MeetingNotes,
    Message,
    PipelineEntry,
    PlannedQuestion,
    Referral,
    Reflection,
    ResearchItem,
)
from coffeechat.explore.models import Exploration
from coffeechat.exports import backup
from coffeechat.lib.jsonstream import json_object_chunks
from coffeechat.network.models import PastPosition, Person, PhoneNumber
from coffeechat.network.services import connect

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def add_meetings(owner: User, person: Person, exploration: Exploration, count: int) -> None:
    for n in range(count):
        meeting = Meeting.objects.create(
            owner=owner,
            person=person,
            exploration=exploration,
            starts=datetime(2026, 3, 1, 9, 0, tzinfo=UTC) + timedelta(days=n),
        )
        PlannedQuestion.objects.create(meeting=meeting, theme="path", text="How did you start?", minutes=5)
        MeetingNotes.objects.create(meeting=meeting, text=f"Notes {n}")
        ResearchItem.objects.create(meeting=meeting, label="Their talk", notes="on triage")
        Reflection.objects.create(meeting=meeting, fit=4, pursue="yes", appealed="The people")
        Referral.objects.create(meeting=meeting, person=person, will_introduce=True)


@pytest.fixture
def filled(user: User, make_person: Callable[..., Person]) -> User:
    kim = make_person(user, "Kim Ng", org="Acme Health", tags=["mentor"], emails=["kim@acme.example"])
    maria = make_person(user, "María López", notes="Line one\nline two", how_known="professor")
    PhoneNumber.objects.create(person=kim, raw="+1 555 0100", e164="+15550100")
    PastPosition.objects.create(
        person=maria, title="Nurse", organization_name="City Hospital", until="2024-01-31"
    )
    connect(kim, maria, 3, "worked together")
    exploration = Exploration.objects.create(owner=user, text="Nursing leadership")
    PipelineEntry.objects.create(exploration=exploration, person=maria)
    add_meetings(user, kim, exploration, 2)
    Message.objects.create(
        owner=user, person=maria, exploration=exploration, kind="direct_request", body="Hi?", subject="Hello"
    )
    return user


def test_the_streamed_backup_is_the_whole_document_keys_in_order(filled: User) -> None:
    streamed = json.loads("".join(backup.stream_backup(filled)))
    whole = backup.make_backup(filled)
    assert {**streamed, "exported": None} == {**whole, "exported": None} and list(streamed) == list(whole)
    assert [p["name"] for p in whole["people"]] == ["Kim Ng", "María López"]
    assert [m["notes"] for m in whole["meetings"]] == ["Notes 0", "Notes 1"]


def test_more_meetings_take_no_more_queries(filled: User, make_person: Callable[..., Person]) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            "".join(backup.stream_backup(filled))
        return len(captured)

    before = queries()
    add_meetings(filled, make_person(filled, "Dev Patel"), Exploration.objects.get(owner=filled), 10)
    assert queries() == before


def test_the_download_streams_under_its_dated_name(alex: Client, filled: User) -> None:
    response = alex.get("/export/backup.json")
    assert isinstance(response, StreamingHttpResponse)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="coffeechat-backup-{timezone.localdate():%Y-%m-%d}.json"'
    )
    document = json.loads(b"".join(response.streaming_content))
    assert document["format"] == "coffeechat-backup" and len(document["people"]) == 2


real_backup_pieces = backup.backup_pieces


def failing_midway(owner: User) -> Iterator[tuple[str, Any]]:
    pieces = real_backup_pieces(owner)
    yield next(pieces)
    raise DatabaseError("the database went away")


def test_a_failed_export_leaves_the_earlier_backup_whole(
    filled: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup.json"
    call_command("export", "-o", str(target), stderr=io.StringIO())
    earlier = target.read_text()
    assert json.loads(earlier)["people"][0]["name"] == "Kim Ng"
    monkeypatch.setattr(backup, "backup_pieces", failing_midway)
    with pytest.raises(DatabaseError):
        call_command("export", "-o", str(target), stderr=io.StringIO())
    assert target.read_text() == earlier and sorted(p.name for p in tmp_path.iterdir()) == ["backup.json"]
    with pytest.raises(CommandError, match="No such file or directory"):
        call_command("export", "-o", str(tmp_path / "missing" / "backup.json"), stderr=io.StringIO())


def test_a_backup_cut_short_is_refused_by_restore_with_the_reason(
    filled: User, other_user: User, tmp_path: Path
) -> None:
    text = "".join(backup.stream_backup(filled))
    cut = tmp_path / "cut.json"
    for end in (len(text) // 3, len(text) // 2, len(text) - 1):
        cut.write_text(text[:end])
        with pytest.raises(CommandError, match=r"stops before its end, .* cut short.*nothing was changed"):
            call_command("restore", str(cut), "--user", "sam")
    assert not Person.objects.filter(owner=other_user).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the in-memory SQLite of tests locks tables across connections"
)
def test_a_backup_reads_one_state_of_the_database_while_others_write(
    make_person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = User.objects.create_user("alex")
    kim, ana = make_person(owner, "Kim Ng"), make_person(owner, "Ana Ruiz")
    connect(kim, ana, 2, "")
    monkeypatch.setattr(backup, "json_object_chunks", partial(json_object_chunks, size=1))
    chunks = backup.stream_backup(owner)
    text = ""
    while "Ana Ruiz" not in text:  # the people are read; the ties not yet
        text += next(chunks)

    def meanwhile() -> None:
        connect(kim, make_person(owner, "Late Comer"), 3, "")
        connection.close()

    writer = threading.Thread(target=meanwhile)
    writer.start()
    writer.join()
    document = json.loads(text + "".join(chunks))
    assert [p["name"] for p in document["people"]] == ["Kim Ng", "Ana Ruiz"]
    assert [(t["a"], t["b"]) for t in document["ties"]] == [(min(kim.pk, ana.pk), max(kim.pk, ana.pk))]
    assert Person.objects.filter(name="Late Comer").exists()


def test_bench_backup_measures_exports_of_a_filled_account(tmp_path: Path) -> None:
    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "bench", "backup", "--people", "300", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["people"] == 300 and report["conversations"] >= 10
    assert [m["name"] for m in report["measures"]] == [
        "export to a file",
        "one download",
        "four downloads at once",
        "whole backup in memory (before)",
    ]
    assert all(m["file_mb"] > 0 and m["peak_mb"] >= m["idle_mb"] > 0 for m in report["measures"])
