import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.network.models import Person

pytestmark = pytest.mark.django_db


def test_the_export_page_downloads_vcards_csv_and_a_backup(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Kim Ng", tags=["mentor"])
    make_person(user, "Dev Patel")
    assert "Full backup" in alex.get("/export/").content.decode()
    cards = alex.get("/export/people.vcf?tag=mentor")
    assert cards["Content-Type"].startswith("text/vcard") and "attachment" in cards["Content-Disposition"]
    assert "Kim Ng" in cards.content.decode() and "Dev Patel" not in cards.content.decode()
    assert alex.get("/export/people.csv").content.decode().count("\r\n") == 3
    backup = json.loads(b"".join(alex.get("/export/backup.json").streaming_content))
    assert backup["format"] == "coffeechat-backup" and len(backup["people"]) == 2


def test_exports_hold_only_the_users_own_people(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
) -> None:
    kim = make_person(user, "Kim Ng")
    sam = client_for(other_user)
    assert sam.get(f"/export/people/{kim.pk}.vcf").status_code == 404
    assert "Kim Ng" not in sam.get(f"/export/people.vcf?ids={kim.pk}").content.decode()
    assert json.loads(b"".join(sam.get("/export/backup.json").streaming_content))["people"] == []
    assert "Kim Ng" in client_for(user).get(f"/export/people/{kim.pk}.vcf").content.decode()
