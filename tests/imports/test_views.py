from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coffeechat.imports.models import ColumnMapping, ImportReview, ImportRun, PendingUpload
from coffeechat.network.models import Person, Tie
from tests.imports import samples

pytestmark = pytest.mark.django_db


def upload(client: Client, text: str, name: str = "Connections.csv", **extra: str):  # type: ignore[no-untyped-def]
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8")), "format": "auto", **extra}
    return client.post("/imports/", data)


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(alex: Client, user: User) -> None:
    response = upload(alex, samples.LINKEDIN_CURRENT)
    pending = PendingUpload.objects.get()
    assert response["Location"] == f"/imports/pending/{pending.pk}/"
    page = alex.get(response["Location"]).content.decode()
    assert "LinkedIn connections" in page and "Ana Ruiz" in page and "UX Researcher" in page
    assert "line 10: no name in this row; skipped" in page
    assert not Person.objects.exists()
    done = alex.post(response["Location"], {"action": "import"})
    run = ImportRun.objects.get()
    assert done["Location"] == f"/imports/{run.pk}/" and Person.objects.count() == 5
    assert not PendingUpload.objects.exists()
    assert "Undo this import" in alex.get(done["Location"]).content.decode()


def test_invalid_rows_block_the_import_until_the_user_chooses_to_skip_them(alex: Client, user: User) -> None:
    pending_url = upload(alex, samples.LINKEDIN_BAD_ROWS)["Location"]
    page = alex.post(pending_url, {"action": "import"}).content.decode()
    assert "2 invalid rows; nothing was imported" in page
    assert "line 3: Email Address: &#x27;not-an-email&#x27; is not an email address" in page
    assert not Person.objects.exists()
    alex.post(pending_url, {"action": "import", "skip_invalid": "1"})
    assert list(Person.objects.values_list("name", flat=True)) == ["Ana Ruiz"]


def test_an_unreadable_file_is_named_and_nothing_kept(alex: Client, user: User) -> None:
    response = upload(alex, "", name="empty.csv")
    assert "The submitted file is empty." in response.content.decode()
    pending_url = upload(alex, "just one line without commas", name="notes.txt")["Location"]
    page = alex.get(pending_url, follow=True).content.decode()
    assert "notes.txt: unknown format" in page and not PendingUpload.objects.exists()


def test_a_csv_in_no_known_format_is_mapped_and_the_mapping_saved_for_next_time(
    alex: Client, user: User
) -> None:
    pending_url = upload(alex, samples.ALUMNI_CSV, name="alumni.csv")["Location"]
    page = alex.get(pending_url).content.decode()
    assert "Which column holds what?" in page and 'value="Alumni name" selected' in page
    alex.post(
        pending_url,
        {
            "action": "map",
            "name": "Alumni name",
            "organization": "Employer",
            "title": "Role",
            "email": "Contact",
            "save_as": "Alumni office",
        },
    )
    page = alex.get(pending_url).content.decode()
    assert "rosa@city.example" in page
    alex.post(pending_url, {"action": "import"})
    assert Person.objects.get(name="Rosa Díaz").emails.get().address == "rosa@city.example"
    saved = ColumnMapping.objects.get(owner=user)
    assert saved.name == "Alumni office" and saved.mapping["email"] == "Contact"
    second = upload(alex, samples.ALUMNI_CSV, name="alumni-2026.csv")["Location"]
    assert 'value="Contact" selected' in alex.get(second).content.decode()


def test_a_friends_list_is_imported_from_their_page(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    kim = make_person(user, "Kim Ng")
    assert "Importing people Kim Ng knows" in alex.get(f"/imports/?network_of={kim.pk}").content.decode()
    pending_url = upload(alex, samples.LINKEDIN_GERMAN, network_of=str(kim.pk))["Location"]
    alex.post(pending_url, {"action": "import"})
    jurgen = Person.objects.get(name="Jürgen Maier")
    assert jurgen.tie_strength is None and Tie.objects.filter(person_a=kim, person_b=jurgen).exists()


def test_an_uncertain_match_is_decided_on_the_report(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    anna = make_person(user, "Anna Ruiz", org="Acme Health")
    alex.post(upload(alex, samples.LINKEDIN_CURRENT)["Location"], {"action": "import"})
    review = ImportReview.objects.get()
    report = alex.get(f"/imports/{review.run_id}/").content.decode()
    assert "Same person or someone else?" in report and "Anna Ruiz" in report
    alex.post(f"/imports/reviews/{review.pk}/", {"decision": "same"})
    anna.refresh_from_db()
    assert anna.title == "UX Researcher" and anna.links.get().url.endswith("/ana-ruiz-example")
    assert not Person.objects.filter(name="Ana Ruiz").exists()
    # Undoing asks first, saying what goes and what is put back; asking changes nothing. Someone
    # the user deleted since is not counted.
    Person.objects.exclude(pk=anna.pk).first().delete()
    asked = alex.get(f"/imports/{review.run_id}/undo/").content.decode()
    assert "Undo the import of" in asked and "3 people it added go" in asked
    assert "1 person it changed is put back" in asked
    anna.refresh_from_db()
    assert anna.title == "UX Researcher" and Person.objects.count() == 4
    alex.post(f"/imports/{review.run_id}/undo/")
    anna.refresh_from_db()
    assert anna.title == "" and not anna.links.exists() and Person.objects.count() == 1


def test_someone_else_adds_a_new_person(alex: Client, user: User, make_person: Callable[..., Person]) -> None:
    make_person(user, "Anna Ruiz", org="Acme Health")
    alex.post(upload(alex, samples.LINKEDIN_CURRENT)["Location"], {"action": "import"})
    review = ImportReview.objects.get()
    alex.post(f"/imports/reviews/{review.pk}/", {"decision": "different"})
    assert Person.objects.filter(name="Ana Ruiz").count() == 1 and Person.objects.count() == 6


def test_another_users_imports_are_not_found(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
) -> None:
    alex = client_for(user)
    make_person(user, "Anna Ruiz", org="Acme Health")
    pending_url = upload(alex, samples.LINKEDIN_CURRENT)["Location"]
    sam = client_for(other_user)
    assert sam.get(pending_url).status_code == 404
    alex.post(pending_url, {"action": "import"})
    run, review = ImportRun.objects.get(), ImportReview.objects.get()
    assert sam.get(f"/imports/{run.pk}/").status_code == 404
    assert sam.post(f"/imports/{run.pk}/undo/").status_code == 404
    assert sam.post(f"/imports/reviews/{review.pk}/", {"decision": "same"}).status_code == 404
    assert sam.get(f"/imports/?network_of={Person.objects.first().pk}").status_code == 404
    run.refresh_from_db()
    assert run.undone is None and "Nothing imported yet" in sam.get("/imports/").content.decode()
