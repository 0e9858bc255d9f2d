"""A whole LinkedIn export: connections, then messages and invitations with the people they name."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from coffeechat.conversations.models import Interaction
from coffeechat.imports.formats.linkedin_export import read_folder, read_zip
from coffeechat.imports.formats.linkedin_messages import History, read_invitations, read_messages
from coffeechat.imports.formats.records import ImportFileError
from coffeechat.imports.messages_bench import run_messages_bench
from coffeechat.imports.models import ImportRun
from coffeechat.network.models import Person

EXPORT = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "linkedin" / "synthetic-export"
LIMIT = 50_000_000
CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme,UX Researcher,02 Mar 2023\n"
    "Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Initech,Designer,10 Jan 2020\n"
)
# An older export: no profile links, no conversation id or draft column, "Date" in another format,
# the user named by their own name (not "You"), the folder telling which side they are on.
OLDER_MESSAGES = (
    "From,To,Date,Subject,Content,Folder\n"
    'Kim Lee,Ana Ruiz,"3/1/23, 9:15 AM",Coffee?,"Would you have 20 minutes?",SENT\n'
    'Ana Ruiz,Kim Lee,"3/2/23, 6:40 PM",RE: Coffee?,"Happy to, Thursday?",INBOX\n'
    'Kim Lee,Ben Okafor,"11/3/23, 8:00 AM",Hello,"Could we talk about design ops?",SENT\n'
)
TO_CARLA = 'Kim Lee,Carla Diaz,"4/5/22, 1:00 PM",Hi,"Lunch?",SENT\n'


def _messages(text: str) -> History:
    history = History()
    read_messages(text.encode(), LIMIT, history)
    return history


def test_an_older_messages_csv_is_read_by_its_header_and_the_user_found_without_a_name() -> None:
    history = _messages(OLDER_MESSAGES)
    assert not history.problems and history.you == "Kim Lee"
    seen = [(s.other_name, s.direction, s.at, s.subject) for s in history.said]
    assert seen == [
        ("Ana Ruiz", "sent", datetime(2023, 3, 1, 9, 15, tzinfo=UTC), "Coffee?"),
        ("Ana Ruiz", "received", datetime(2023, 3, 2, 18, 40, tzinfo=UTC), "RE: Coffee?"),
        ("Ben Okafor", "sent", datetime(2023, 11, 3, 8, 0, tzinfo=UTC), "Hello"),
    ]
    keys = [s.key for s in history.said]
    assert len(set(keys)) == 3 and [s.key for s in _messages(OLDER_MESSAGES).said] == keys  # stable


def test_a_messages_csv_without_a_date_column_or_with_a_bad_date_is_named_by_file_line_and_column() -> None:
    with pytest.raises(
        ImportFileError, match=r"Messages.csv line 1: no DATE column \(the header has: From, To"
    ):
        _messages("From,To,Subject\nKim Lee,Ana Ruiz,Hi\n")
    bad = OLDER_MESSAGES.replace('"11/3/23, 8:00 AM"', "someday")
    history = _messages(bad)
    assert [str(p) for p in history.problems] == ["Messages.csv line 4: Date: 'someday' is not a date"]
    assert len(history.said) == 2  # the other rows are read; the import refuses unless told to skip


def test_the_user_is_their_profile_link_never_the_name_you() -> None:
    # Both sides are called "You" by name; only the link tells them apart. A draft is skipped.
    text = (
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "IS MESSAGE DRAFT\n"
        "c1,You,https://linkedin.com/in/me,You,https://linkedin.com/in/other,2024-05-01 10:00,Hi,x,No\n"
        "c2,You,https://linkedin.com/in/third,You,https://linkedin.com/in/me,2024-05-02 10:00,Yo,y,No\n"
        "c2,You,https://linkedin.com/in/me,You,https://linkedin.com/in/third,2024-05-03 10:00,Re,z,Yes\n"
    )
    history = _messages(text)
    assert history.you == "https://www.linkedin.com/in/me" and history.counts["drafts skipped"] == 1
    assert [(s.other_url.rsplit("/", 1)[1], s.direction) for s in history.said] == [
        ("other", "sent"),
        ("third", "received"),
    ]


def test_an_export_with_sender_links_only_finds_the_user_by_the_folder() -> None:
    # Exports of about 2020: SENDER PROFILE URL but no RECIPIENT PROFILE URLS nor draft column.
    text = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        "c1,,Ana Ruiz,https://www.linkedin.com/in/ana-ruiz,Kim Lee,2020-02-01 10:00:00 UTC,Hi,x,INBOX\n"
        "c2,,Kim Lee,https://www.linkedin.com/in/kim,Ben Okafor,2020-02-03 09:00:00 UTC,Yo,y,SENT\n"
    )
    history = _messages(text)
    assert not history.problems
    assert [(s.other_name, s.other_url, s.direction) for s in history.said] == [
        ("Ana Ruiz", "https://www.linkedin.com/in/ana-ruiz", "received"),
        ("Ben Okafor", "", "sent"),
    ]


def test_invitations_say_their_direction() -> None:
    history = History()
    read_invitations((EXPORT / "Invitations.csv").read_bytes(), LIMIT, history)
    assert history.you == "https://www.linkedin.com/in/you" and history.counts["invitations"] == 20
    first = history.said[0]
    assert (first.other_name, first.direction, first.at) == (
        "Stephanie Young",
        "sent",
        datetime(2023, 3, 25, 10, 15, tzinfo=UTC),
    )


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_gives_only_the_three_files_never_a_path_outside_or_past_the_limit() -> None:
    data = _zip(
        {
            "../Messages.csv": b"evil",
            "/etc/Invitations.csv": b"evil",
            "Basic_LinkedInDataExport/Connections.csv": CONNECTIONS.encode(),
            "Profile.csv": b"x",
        }
    )
    export = read_zip(data, LIMIT)
    assert export.read == ["Connections.csv"] and export.files["Connections.csv"] == CONNECTIONS.encode()
    assert "../Messages.csv" in export.ignored and "Profile.csv" in export.ignored
    assert export.notes == ["no Messages.csv in this export: only connections were read"]
    bomb = _zip({"Messages.csv": b"a" * 2_000_000})
    with pytest.raises(ImportFileError, match=r"Messages\.csv is 2\.0 MB; the limit is 1 MB"):
        read_zip(bomb, 1_000_000)
    with pytest.raises(ImportFileError, match=r"none of Connections\.csv, Messages\.csv or Invitations\.csv"):
        read_zip(_zip({"Skills.csv": b"Name\nPython\n"}), LIMIT)
    with pytest.raises(ImportFileError, match="not a readable zip"):
        read_zip(b"PK\x03\x04 broken", LIMIT)


@pytest.mark.parametrize(("method", "at"), [(zipfile.ZIP_DEFLATED, 0), (zipfile.ZIP_LZMA, 4)])
def test_damaged_compressed_data_or_a_member_named_dot_is_a_clear_message(method: int, at: int) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("Connections.csv", CONNECTIONS.encode())
    data = bytearray(out.getvalue())
    start = data.index(b"Connections.csv") + len("Connections.csv") + at  # its compressed bytes
    data[start : start + 5] = b"\xff" * 5
    with pytest.raises(ImportFileError, match=r"Connections\.csv cannot be read from the zip"):
        read_zip(bytes(data), LIMIT)
    assert read_zip(_zip({".": b"x", "Connections.csv": b"a"}), LIMIT).ignored == ["."]


@pytest.mark.skipif(not EXPORT.exists(), reason="../shared/conformance is not beside the checkout")
@pytest.mark.django_db
def test_the_synthetic_export_imports_with_its_history_once(tmp_path: Path, user: User, alex: Client) -> None:
    out = io.StringIO()
    call_command("import", str(EXPORT), "--user", user.username, stdout=out)
    said = out.getvalue()
    assert "read Connections.csv, Messages.csv, Invitations.csv" in said
    assert "Left aside: Positions.csv, Recommendations.csv, Skills.csv" in said
    assert (
        "messages read 20 · invitations read 20 · people you talked with 20 · not in your network 3" in said
    )
    laura = Person.objects.get(owner=user, name="Laura Cooper")
    assert Interaction.objects.filter(owner=user).count() == 41
    assert Interaction.objects.filter(person=laura, channel="linkedin").count() == 4
    assert not Interaction.objects.exclude(text="").exists()  # texts kept only when asked
    page = alex.get(f"/people/{laura.pk}/").content.decode()
    assert "You last wrote to Laura in November 2023; Laura answered." in page
    assert "they wrote on LinkedIn: “RE: Knowledge Graph Discussion”" in page
    matthew = Person.objects.get(owner=user, name="Matthew Jackson")
    assert (
        "You last wrote to Matthew in March 2022; no answer."
        in alex.get(f"/people/{matthew.pk}/").content.decode()
    )
    # The zip of the same export, uploaded on the page with the texts kept: nothing twice.
    files = {p.name: p.read_bytes() for p in EXPORT.iterdir()}
    zipped = tmp_path / "linkedin.zip"
    zipped.write_bytes(_zip({f"export/{name}": data for name, data in files.items()}))
    response = alex.post("/imports/", {"file": SimpleUploadedFile("linkedin.zip", zipped.read_bytes())})
    preview = alex.get(response["Location"]).content.decode()
    assert "LinkedIn export: read Connections.csv, Messages.csv, Invitations.csv" in preview
    assert "Keep the message texts" in preview
    run = alex.post(response["Location"], {"action": "import", "keep_texts": "1"})
    report = alex.get(run["Location"]).content.decode()
    assert re.search(r"<strong>41</strong>\s*already recorded", report)
    assert Interaction.objects.filter(owner=user).count() == 41


@pytest.mark.django_db
def test_a_zip_without_messages_imports_the_connections_and_says_so(alex: Client, user: User) -> None:
    data = _zip({"Connections.csv": CONNECTIONS.encode(), "Skills.csv": b"Name\nSQL\n"})
    response = alex.post("/imports/", {"file": SimpleUploadedFile("export.zip", data)})
    preview = alex.get(response["Location"]).content.decode()
    assert "No Messages.csv in this export: only connections were read." in preview
    alex.post(response["Location"], {"action": "import"})
    assert set(Person.objects.filter(owner=user).values_list("name", flat=True)) == {"Ana Ruiz", "Ben Okafor"}
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_an_older_export_with_a_bad_row_changes_nothing_until_told_to_skip_it(
    tmp_path: Path, user: User, alex: Client, make_person: Callable[..., Person]
) -> None:
    carla = make_person(user, "Carla Diaz")  # in the network before: matched by her unique name
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    older = OLDER_MESSAGES.replace('"11/3/23, 8:00 AM"', "someday") + TO_CARLA
    (tmp_path / "messages.csv").write_text(older)  # another case: still Messages.csv
    with pytest.raises(CommandError, match="1 invalid row; nothing was imported"):
        call_command("import", str(tmp_path), "--user", user.username, stdout=io.StringIO())
    assert Person.objects.filter(owner=user).count() == 1 and not Interaction.objects.exists()
    out = io.StringIO()
    call_command(
        "import", str(tmp_path), "--user", user.username, "--skip-invalid", "--keep-texts", stdout=out
    )
    assert "Messages.csv line 4: Date: 'someday' is not a date" in out.getvalue()
    ana = Person.objects.get(owner=user, name="Ana Ruiz")
    assert list(ana.interactions.values_list("direction", "text")) == [
        ("received", "Happy to, Thursday?"),
        ("sent", "Would you have 20 minutes?"),
    ]
    assert carla.interactions.count() == 1
    assert (
        "You last wrote to Ana in March 2023; Ana answered."
        in alex.get(f"/people/{ana.pk}/").content.decode()
    )


def test_a_folder_is_read_in_place(tmp_path: Path) -> None:
    (tmp_path / "Invitations.csv").write_text("From,To,Sent At,Message,Direction\n")
    (tmp_path / "Rich_Media").mkdir()
    export = read_folder(tmp_path, LIMIT)
    assert export.read == ["Invitations.csv"] and export.ignored == ["Rich_Media/"]
    assert export.notes == ["no Messages.csv in this export: only connections and invitations were read"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="its processes share the test database")
@pytest.mark.django_db(transaction=True)
def test_bench_linkedin_messages_times_the_import_beside_raw_executemany() -> None:
    """The measuring processes of `coffeechat bench linkedin-messages`, on the test database (the
    command makes a throwaway database first, which takes longer than the bench at this size)."""
    measured = run_messages_bench(120, 12, lambda message: None)
    raw, first, again = measured["runs"]
    assert measured["rows"] == 120 and raw["counts"] == {"rows": 120} and raw["times_raw"] == 1.0
    assert first["counts"]["messages read"] == 120 and first["counts"]["recorded"] == 120
    assert again["counts"]["recorded"] == 0 and again["counts"]["already recorded"] == 120
    assert 0 < first["above_idle_mb"] < first["peak_rss_mb"] and first["seconds"] > 0


@pytest.mark.django_db
def test_undoing_an_export_removes_what_it_recorded_and_whom_it_added(
    tmp_path: Path, user: User, alex: Client, make_person: Callable[..., Person]
) -> None:
    carla = make_person(user, "Carla Diaz")
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    (tmp_path / "Messages.csv").write_text(OLDER_MESSAGES + TO_CARLA)
    call_command("import", str(tmp_path), "--user", user.username, stdout=io.StringIO())
    assert Interaction.objects.filter(owner=user).count() == 4
    undo_url = f"/imports/{ImportRun.objects.get(owner=user).pk}/undo/"
    page = alex.get(undo_url).content.decode()
    assert "The 4 LinkedIn messages and invitations it recorded go." in page and "These stay" not in page
    assert Interaction.objects.filter(owner=user).count() == 4  # asking changes nothing
    response = alex.post(undo_url, follow=True)
    assert "removed 4 LinkedIn messages and invitations" in response.content.decode()
    assert list(Person.objects.filter(owner=user)) == [carla] and not Interaction.objects.exists()
