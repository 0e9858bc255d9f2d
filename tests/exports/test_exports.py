import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.conversations.events import record_event
from coffeechat.conversations.models import GiveBack, Meeting, Message, PipelineEntry
from coffeechat.explore.models import Exploration, OrganizationInterest
from coffeechat.exports.backup import make_backup
from coffeechat.imports.formats.detect import read_contacts
from coffeechat.network.models import PastPosition, Person
from coffeechat.network.search import search_people
from coffeechat.network.services import connect
from coffeechat.outreach.models import MessageTemplate, Profile
from tests.imports import samples

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def without_ids(backup: dict[str, Any]) -> dict[str, Any]:
    """A backup with database ids replaced by what they point to, to compare two accounts."""
    orgs = {o["id"]: o["name"] for o in backup["organizations"]}
    people = {p["id"]: p["name"] for p in backup["people"]}
    return {
        "organizations": sorted((o["name"], o["industry"], o["created"]) for o in backup["organizations"]),
        "tags": sorted(backup["tags"]),
        "people": sorted(
            json.dumps({**p, "id": None, "organization": orgs.get(p["organization"])}, sort_keys=True)
            for p in backup["people"]
        ),
        "ties": sorted((people[t["a"]], people[t["b"]], t["strength"], t["context"]) for t in backup["ties"]),
        "explorations": sorted(
            json.dumps(
                {
                    **e,
                    "target_organizations": sorted(orgs[o] for o in e["target_organizations"]),
                    "excluded_organizations": sorted(orgs[o] for o in e["excluded_organizations"]),
                    "excluded_people": sorted(people[p] for p in e["excluded_people"]),
                    "interests": sorted((orgs[i["organization"]], i["score"]) for i in e["interests"]),
                },
                sort_keys=True,
            )
            for e in backup["explorations"]
        ),
        "pipeline": sorted(
            json.dumps({**p, "person": people[p["person"]]}, sort_keys=True) for p in backup["pipeline"]
        ),
        "give_backs": sorted(
            json.dumps({**g, "person": people[g["person"]]}, sort_keys=True) for g in backup["give_backs"]
        ),
        "profile": backup["profile"],
        "message_templates": backup["message_templates"],
        "messages": sorted(
            json.dumps({**m, "person": people[m["person"]]}, sort_keys=True) for m in backup["messages"]
        ),
        "meetings": sorted(
            json.dumps(
                {
                    **m,
                    "person": people[m["person"]],
                    "referrals": [{**r, "person": people[r["person"]]} for r in m["referrals"]],
                },
                sort_keys=True,
            )
            for m in backup["meetings"]
        ),
        "questions": backup["questions"],
        "column_mappings": backup["column_mappings"],
        "imports": backup["imports"],
    }


def test_a_backup_restored_into_another_account_loses_nothing(
    user: User, other_user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(samples.GOOGLE)
    call_command("import", str(source), "--user", "alex", stdout=io.StringIO())
    maria = Person.objects.get(name="Maria Lopez")
    PastPosition.objects.create(
        person=maria, title="Nurse", organization_name="City Hospital", until="2024-01-31"
    )
    kim = make_person(
        user,
        "Kim Ng",
        org="Acme Health",
        tags=["mentor"],
        notes="Line one\nline two",
        how_known="professor",
        known_since="2015-09-01",
        tie_strength=3,
        sensitive=True,
    )
    connect(kim, maria, 3, "worked together")
    exploration = Exploration.objects.create(owner=user, text="Nursing leadership", why="I like people")
    exploration.target_organizations.add(maria.organization)
    exploration.excluded_people.add(kim)
    OrganizationInterest.objects.create(exploration=exploration, organization=maria.organization, score=4)
    entry = PipelineEntry.objects.create(exploration=exploration, person=maria)
    record_event(entry, "request_sent")
    GiveBack.objects.create(
        owner=user, person=maria, kind="article", note="a paper on triage", on="2026-11-20"
    )
    Profile.objects.create(
        owner=user, full_name="Alex Doe", pitch="A nurse exploring leadership.", nudge_after=5
    )
    MessageTemplate.objects.create(owner=user, kind="nudge", subject="Just checking", body="Hi {first_name}?")
    Message.objects.create(
        owner=user,
        person=maria,
        exploration=exploration,
        kind="direct_request",
        body="Hi?",
        subject="Hello",
        sent=datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("UTC")),
    )
    Meeting.objects.create(
        owner=user,
        person=kim,
        exploration=exploration,
        time_zone="Europe/Berlin",
        starts=datetime(2026, 12, 3, 13, 0, tzinfo=ZoneInfo("UTC")),
        place="Café Central",
    )
    backup_file = tmp_path / "backup.json"
    call_command("export", "--format", "json", "-o", str(backup_file), "--user", "alex", stderr=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(backup_file), "--user", "sam", stdout=out)
    assert "Restored 3 people" in out.getvalue()
    assert without_ids(make_backup(other_user)) == without_ids(json.loads(backup_file.read_text()))
    assert search_people(other_user, "nurse manager") == [
        Person.objects.get(owner=other_user, name="Maria Lopez").pk
    ]


def test_restore_refuses_a_non_empty_account_or_a_bad_file_and_changes_nothing(
    user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Kim Ng")
    backup_file = tmp_path / "backup.json"
    backup_file.write_text(export("--format", "json"))
    with pytest.raises(CommandError, match="already has people"):
        call_command("restore", str(backup_file))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(CommandError, match=r"not a coffeechat backup .*; nothing was changed"):
        call_command("restore", str(bad), "--replace")
    assert list(Person.objects.values_list("name", flat=True)) == ["Kim Ng"]
    call_command("restore", str(backup_file), "--replace", stdout=io.StringIO())
    assert list(Person.objects.values_list("name", flat=True)) == ["Kim Ng"]


def test_csv_export_neutralises_cells_a_spreadsheet_would_run(
    user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, '=HYPERLINK("http://evil.example")', title="+1 trick", notes="@SUM(A1)", org="-Minus")
    rows = list(csv.reader(io.StringIO(export("--format", "csv"))))
    assert rows[0][:3] == ["Name", "Title", "Organization"]
    name, title, org = rows[1][:3]
    assert name.startswith("'=") and title == "'+1 trick" and org == "'-Minus" and rows[1][-1] == "'@SUM(A1)"


def test_vcard_export_reads_back_with_everything(user: User, make_person: Callable[..., Person]) -> None:
    kim = make_person(
        user,
        "Kim Ng",
        org="Acme Health",
        title="Nurse Manager",
        tags=["mentor", "health"],
        emails=["kim@acme.example"],
        notes="Met at a fair",
    )
    make_person(user, "Other Person")
    text = export("--format", "vcard", "--ids", str(kim.pk))
    assert text.count("BEGIN:VCARD") == 1 and "VERSION:3.0" in text
    [card] = read_contacts(text.encode(), max_bytes=10**6).records
    assert (card.name, card.organization, card.title, card.emails) == (
        "Kim Ng",
        "Acme Health",
        "Nurse Manager",
        ["kim@acme.example"],
    )
    assert sorted(card.tags) == ["health", "mentor"]
    assert card.notes == "Met at a fair" and card.valid
    with pytest.raises(CommandError, match="--ids: give whole numbers"):
        export("--format", "vcard", "--ids", "x")
