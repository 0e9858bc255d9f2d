"""Staff's alumni: loading a CSV with a column mapping (problems by line and column, nothing
half-loaded, no duplicates on reloading), inviting alumni, and alumni saying yes or no."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from coffeechat.community import alumni
from coffeechat.community.alumni_files import open_alumni_file, parse_map_option
from coffeechat.community.models import AlumniRecord, Invitation, Membership, VolunteerProfile
from coffeechat.imports.formats.records import ImportFileError

pytestmark = pytest.mark.django_db

MAP = "name=Full Name,email=Email,title=Job,organization=Employer,school=School,year=Class"
GOOD = (
    "Full Name;Email;Job;Employer;School;Class\n"
    "Ana Ruiz;ana@example.org;UX researcher;Acme;Business;2015\n"
    "Bo Chen;;Analyst;Globex;Engineering;2019\n"
    "Cy Diaz;CY@example.org;Nurse;City Hospital;Nursing;2012\n"
)


@pytest.fixture
def community(settings: Any, tmp_path: Path) -> Any:
    settings.COMMUNITY_MODE = True
    settings.DATA_DIR = tmp_path
    return settings


def _staff_client() -> tuple[User, Client]:
    user = User.objects.create_user("staffer", email="staff@example.edu")
    Membership.objects.create(
        user=user, role="staff", display_name="Staffer", email=user.email, unsubscribe_token="s1"
    )
    client = Client()
    client.force_login(user)
    return user, client


def _file(tmp_path: Path, text: str, name: str = "alumni.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _load(path: Path, *extra: str) -> dict[str, Any]:
    out = StringIO()
    call_command("community", "alumni", "load", str(path), "--map", MAP, "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_a_file_with_broken_rows_loads_nothing_and_names_each_line_and_column(
    community: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alumni, "BATCH", 2)  # good rows are written before the broken ones are read
    broken = GOOD + (
        ";dee@example.org;Chef;Bistro;Hospitality;2010\n"
        "Ed Fox;ed-at-example;Chef;Bistro;Hospitality;2010\n"
        "Flo Gray;flo@example.org;Chef;Bistro;Hospitality;20x5\n"
    )
    path = _file(tmp_path, broken)
    with pytest.raises(CommandError) as refused:
        _load(path)
    said = str(refused.value)
    assert "alumni.csv: line 5: Full Name: no name" in said
    assert "alumni.csv: line 6: Email: 'ed-at-example' is not an email address" in said
    assert "alumni.csv: line 7: Class: '20x5' is not a year" in said
    assert "3 of 6 rows have problems; nothing was loaded" in said
    assert AlumniRecord.objects.count() == 0
    loaded = _load(path, "--skip-problems")
    assert (loaded["added"], loaded["skipped"]) == (3, 3)
    assert sorted(AlumniRecord.objects.values_list("name", flat=True)) == ["Ana Ruiz", "Bo Chen", "Cy Diaz"]


def test_loading_the_same_file_again_adds_nobody_and_fills_in_what_changed(
    community: Any, tmp_path: Path
) -> None:
    assert _load(_file(tmp_path, GOOD))["added"] == 3
    again = _load(_file(tmp_path, GOOD))
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)
    # Ana by her address (in any case), Bo (no address) by name, school and year; a newer title kept.
    changed = (
        "Full Name;Email;Job;Employer;School;Class\n"
        "Ana Ruiz;ANA@example.org;Lead researcher;Acme;Business;2015\n"
        "Bo Chen;bo@example.org;Analyst;Globex;Engineering;2019\n"
        "Bo Chen;bo@example.org;Analyst;Globex;Engineering;2019\n"
    )
    third = _load(_file(tmp_path, changed))
    assert (third["added"], third["updated"]) == (0, 2)
    assert AlumniRecord.objects.count() == 3
    assert AlumniRecord.objects.get(email_key="ana@example.org").title == "Lead researcher"
    assert AlumniRecord.objects.get(name="Bo Chen").email == "bo@example.org"


def test_the_file_is_read_in_its_own_encoding_and_delimiter_with_a_clear_refusal_otherwise(
    community: Any, tmp_path: Path
) -> None:
    latin = _file(tmp_path, "Full Name\tEmail\nJosé Núñez\tjose@example.org\n", encoding="cp1252")
    found = open_alumni_file(latin, "latin.csv", max_bytes=10_000)
    assert (found.delimiter, found.encoding) == ("\t", "Windows-1252 (Latin-1)")
    assert [r.values["name"] for r in alumni.read_alumni(found, {"name": "Full Name"})] == ["José Núñez"]
    with pytest.raises(ImportFileError, match="the mapping names columns this file does not have: Nom"):
        list(alumni.read_alumni(found, {"name": "Nom"}))
    with pytest.raises(ImportFileError, match="'colour' is not a field"):
        parse_map_option("name=Full Name,colour=Eyes")
    empty = _file(tmp_path, "", name="empty.csv")
    with pytest.raises(CommandError, match=r"empty.csv: the file is empty\. Nothing was loaded"):
        _load(empty)


def test_staff_load_through_the_page_with_a_preview_then_a_go_ahead(community: Any) -> None:
    _, client = _staff_client()
    upload = SimpleUploadedFile("alumni.csv", (GOOD + "Ed Fox;ed-at-example;;;;2010\n").encode())
    preview = client.post("/community/staff/alumni/", {"file": upload}, follow=True)
    page = preview.content.decode()
    assert (
        "Preview: alumni.csv" in page and "line 5: Email: &#x27;ed-at-example&#x27; is not an email" in page
    )
    assert AlumniRecord.objects.count() == 0
    mapping = {"name": "Full Name", "email": "Email", "title": "Job", "school": "School", "year": "Class"}
    client.post("/community/staff/alumni/preview/", {"action": "map", **mapping})
    refused = client.post("/community/staff/alumni/preview/", {"action": "load"}).content.decode()
    assert "1 of 4 rows have problems; nothing was loaded" in refused
    assert AlumniRecord.objects.count() == 0
    done = client.post(
        "/community/staff/alumni/preview/", {"action": "load", "skip_problems": "1"}, follow=True
    )
    assert "3 alumni added, 0 updated, 0 already here, 1 rows skipped" in done.content.decode()
    assert AlumniRecord.objects.get(name="Ana Ruiz").title == "UX researcher"
    assert AlumniRecord.objects.get(name="Ana Ruiz").organization == ""  # Employer was not mapped


def test_alumni_stay_out_of_the_directory_until_they_say_yes_and_can_say_no(community: Any) -> None:
    staff, client = _staff_client()
    AlumniRecord.objects.create(
        name="Ana Ruiz",
        email="ana@example.org",
        email_key="ana@example.org",
        title="UX researcher",
        organization="Acme",
        school="Business",
        year=2015,
    )
    AlumniRecord.objects.create(
        name="Bo Chen", email="bo@example.org", email_key="bo@example.org", school="Law"
    )
    assert not VolunteerProfile.objects.exists()
    client.post("/community/staff/alumni/invite/", {"school": "business", "year": "", "industry": ""})
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    links = re.findall(r"http\S+/(?:join|community/alumni)/(\S+?)/", mail.outbox[0].body)
    token = links[0]
    assert AlumniRecord.objects.get(name="Ana Ruiz").status == "invited"
    assert AlumniRecord.objects.get(name="Bo Chen").status == "loaded"
    invitation = Invitation.objects.get(alumnus__name="Ana Ruiz")
    assert invitation.token_hash == alumni.token_hash(token) and invitation.max_uses == 1
    ana = User.objects.create_user("ana@example.org", email="ana@example.org")
    profile = alumni.accept(invitation, ana)
    assert (profile.title, profile.organization, profile.school, profile.year) == (
        "UX researcher",
        "Acme",
        "Business",
        2015,
    )
    assert profile.listed is False and AlumniRecord.objects.get(name="Ana Ruiz").status == "joined"
    # Bo says no from his link, after a page that asks (a link preview decides nothing).
    bo_token = alumni.invite([AlumniRecord.objects.get(name="Bo Chen")], staff)[0].token
    anyone = Client()
    assert "No, thank you" in anyone.get(f"/community/alumni/{bo_token}/decline/").content.decode()
    assert AlumniRecord.objects.get(name="Bo Chen").status == "invited"
    anyone.post(f"/community/alumni/{bo_token}/decline/")
    assert AlumniRecord.objects.get(name="Bo Chen").status == "declined"
    assert anyone.get(f"/community/alumni/{bo_token}/decline/").status_code == 404


def test_alumni_pages_are_for_staff_only(community: Any) -> None:
    member = Client()
    member.force_login(User.objects.create_user("sam"))
    for page in ("/community/staff/alumni/", "/community/staff/alumni/preview/"):
        assert member.get(page).status_code == 404
    assert member.post("/community/staff/alumni/invite/", {}).status_code == 404
    _, staff = _staff_client()
    assert staff.get("/community/staff/alumni/").status_code == 200
