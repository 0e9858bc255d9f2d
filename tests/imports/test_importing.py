"""Importing into the network: matching, all-or-nothing, history, second-degree, undo."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from coffeechat.imports.models import ImportReview, ImportRun
from coffeechat.network.models import EmailAddress, Organization, PastPosition, Person, Tie
from coffeechat.network.search import search_people
from tests.imports import samples

pytestmark = pytest.mark.django_db


def run_import(tmp_path: Path, text: str, *args: str, name: str = "contacts.csv") -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_first_import_adds_everyone_with_their_direct_tie_date(user: User, tmp_path: Path) -> None:
    report = run_import(tmp_path, samples.LINKEDIN_CURRENT)
    assert report["counts"]["new"] == 5 and report["format"] == "linkedin"
    ana = Person.objects.get(name="Ana Ruiz")
    assert (ana.organization.name, ana.how_known, str(ana.known_since), ana.tie_strength) == (
        "Acme Health",
        "online",
        "2024-05-30",
        1,
    )
    assert search_people(user, "ux research") == [ana.pk]


def test_importing_the_same_file_twice_changes_nothing(user: User, tmp_path: Path) -> None:
    run_import(tmp_path, samples.LINKEDIN_CURRENT)
    before = list(Person.objects.order_by("pk").values())
    report = run_import(tmp_path, samples.LINKEDIN_CURRENT)
    assert report["counts"] | {"unchanged": 0} == {
        **report["counts"],
        "new": 0,
        "updated": 0,
        "unchanged": 0,
    }
    assert report["counts"]["unchanged"] == 5
    assert list(Person.objects.order_by("pk").values()) == before


def test_a_new_title_updates_the_person_and_keeps_the_old_one_as_history(user: User, tmp_path: Path) -> None:
    run_import(tmp_path, samples.LINKEDIN_CURRENT)
    moved = samples.LINKEDIN_CURRENT.replace("Acme Health,UX Researcher", "Hooli,Research Lead")
    report = run_import(tmp_path, moved)
    assert report["counts"]["updated"] == 1
    ana = Person.objects.get(name="Ana Ruiz")
    assert (ana.title, ana.organization.name) == ("Research Lead", "Hooli")
    past = PastPosition.objects.get(person=ana)
    assert (past.title, past.organization_name) == ("UX Researcher", "Acme Health")
    assert "was UX Researcher at Acme Health until" in str(past)


def test_people_are_matched_by_email_phone_and_name_at_the_same_organization(
    user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    make_person(user, "María López", org="Acme Health", emails=["MARIA@acme.example"])
    make_person(user, "Dev Patel", org="Hooli")
    report = run_import(tmp_path, samples.GOOGLE)
    assert report["counts"]["new"] == 0 and report["counts"]["updated"] == 2
    assert Person.objects.count() == 2
    maria = Person.objects.get(name="María López")
    assert set(maria.emails.values_list("address", flat=True)) == {
        "MARIA@acme.example",
        "maria.l@home.example",
    }
    assert [p.e164 for p in maria.phones.all()] == ["+14155550101", "+14155550102"]


def test_a_similar_name_at_the_same_organization_is_left_for_the_user(
    user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Anna Ruiz", org="Acme Health")
    report = run_import(tmp_path, samples.LINKEDIN_CURRENT)
    assert report["counts"]["uncertain"] == 1 and report["counts"]["new"] == 4
    review = ImportReview.objects.get()
    assert review.record["name"] == "Ana Ruiz" and review.candidate.name == "Anna Ruiz"
    assert not Person.objects.filter(name="Ana Ruiz").exists()


def test_a_file_with_invalid_rows_imports_nothing_and_names_them(user: User, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="2 invalid rows; nothing was imported"):
        run_import(tmp_path, samples.LINKEDIN_BAD_ROWS)
    assert (
        not Person.objects.exists() and not Organization.objects.exists() and not ImportRun.objects.exists()
    )


def test_skip_invalid_imports_the_rest_and_reports_the_others(user: User, tmp_path: Path) -> None:
    report = run_import(tmp_path, samples.LINKEDIN_BAD_ROWS, "--skip-invalid")
    assert report["counts"]["new"] == 1 and report["counts"]["invalid"] == 2
    messages = [p["message"] for p in report["problems"] if p["error"]]
    assert messages == [
        "line 3: Email Address: 'not-an-email' is not an email address",
        "line 4: Connected On: '31 Foo 2024' is not a date",
    ]
    assert ImportRun.objects.get().problems[0]["where"] == "line 3"


def test_a_dry_run_writes_nothing(user: User, tmp_path: Path) -> None:
    report = run_import(tmp_path, samples.LINKEDIN_CURRENT, "--dry-run")
    assert report["counts"]["new"] == 5 and report["rows"][0]["name"] == "Ana Ruiz"
    assert not Person.objects.exists() and not ImportRun.objects.exists()


def test_a_friends_list_becomes_people_that_friend_knows(
    user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    friend = make_person(user, "Professor Kim")
    report = run_import(tmp_path, samples.LINKEDIN_CURRENT, "--network-of", str(friend.pk))
    assert report["network_of"] == "Professor Kim"
    ana = Person.objects.get(name="Ana Ruiz")
    assert ana.tie_strength is None and ana.known_since is None
    assert Tie.objects.filter(person_a=friend, person_b=ana).exists()
    assert Tie.objects.count() == 5


def test_network_of_must_be_the_users_own_person(
    user: User, other_user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    stranger = make_person(other_user, "Not yours")
    with pytest.raises(CommandError, match=f"--network-of: there is no person with id {stranger.pk}"):
        run_import(tmp_path, samples.LINKEDIN_CURRENT, "--network-of", str(stranger.pk), "--user", "alex")


def test_undo_removes_whom_an_import_added_and_restores_what_it_changed(
    user: User, tmp_path: Path, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "María López", org="Acme Health", title="Nurse", emails=["maria@acme.example"])
    report = run_import(tmp_path, samples.GOOGLE)
    maria.refresh_from_db()
    assert maria.title == "Nurse Manager" and maria.emails.count() == 2
    call_command("imports", "undo", str(ImportRun.objects.get().pk), stdout=io.StringIO())
    maria.refresh_from_db()
    assert maria.title == "Nurse" and list(maria.emails.values_list("address", flat=True)) == [
        "maria@acme.example"
    ]
    assert not Person.objects.filter(name="Dev Patel").exists()
    assert not Organization.objects.filter(name="Hooli").exists()
    assert not PastPosition.objects.exists() and EmailAddress.objects.count() == 1
    assert report["counts"]["new"] == 1
    with pytest.raises(CommandError, match="already undone"):
        call_command("imports", "undo", str(ImportRun.objects.get().pk))


def test_an_unreadable_file_gets_a_message_naming_it(user: User, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CommandError, match=r"photo\.jpg: this is a binary file"):
        call_command("import", str(path))
    with pytest.raises(CommandError, match=r"missing\.csv: No such file"):
        call_command("import", str(tmp_path / "missing.csv"))


def test_bench_import_times_a_first_import_and_a_reimport_beside_raw_executemany(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COFFEECHAT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "bench", "import", "--rows", "400", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    raw, first, again = json.loads(result.stdout)["runs"]
    assert first["counts"]["new"] == 400 and again["counts"]["unchanged"] == 400
    assert first["seconds"] > 0 and again["peak_rss_mb"] > 0
    # Beside the raw engine (plain executemany of the same rows, rolled back), in the same run,
    # with each import's memory above an idle process.
    assert raw["counts"] == {"rows": 400} and raw["times_raw"] == 1.0
    assert first["times_raw"] == round(first["seconds"] / raw["seconds"], 1)
    assert 0 < first["above_idle_mb"] < first["peak_rss_mb"]


def test_a_large_preview_holds_little_per_row(user: User) -> None:
    """A 100,000-row LinkedIn export peaked at 422 MB: every row held a record, a planned row,
    a match and a known person with six sets. Read and planned, a row may take 2.3 kB at most
    at the peak (3 kB before; issue 13, point 5)."""
    import tracemalloc

    from coffeechat.imports.bench import linkedin_export
    from coffeechat.imports.service import preview

    rows = 4000
    data = linkedin_export(rows)
    tracemalloc.start()
    try:
        plan = preview(user, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert plan.counts["new"] == rows
    assert peak / rows < 2300, f"{peak / rows:.0f} bytes a row"
