"""The mail servers in a backup: hosts and user names travel, passwords never do; a restored
account asks for them again on the Mail page and in `mail status`."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User

from coffeechat.exports.backup import make_backup, restore_backup
from coffeechat.mail.keys import encrypt
from coffeechat.mail.models import MailAccount
from tests.commands import run_json

pytestmark = pytest.mark.django_db


def test_a_restored_mailbox_asks_for_its_password_again(
    user: User, other_user: User, client_for: Any
) -> None:
    stored = encrypt("the app password")
    MailAccount.objects.create(
        owner=user,
        address="alex@example.org",
        imap_host="imap.example.org",
        imap_user="alex",
        imap_password=stored,
        smtp_host="smtp.example.org",
        smtp_user="alex",
        smtp_password=stored,
        sync_enabled=True,
    )
    text = json.dumps(make_backup(user))
    assert "the app password" not in text and stored not in text
    assert json.loads(text)["mail_account"]["imap_host"] == "imap.example.org"

    restore_backup(other_user, json.loads(text))
    restored = MailAccount.objects.get(owner=other_user)
    assert (restored.imap_host, restored.smtp_user, restored.sync_enabled) == (
        "imap.example.org",
        "alex",
        True,
    )
    assert restored.password_needed and restored.imap_password == "" == restored.smtp_password
    page = client_for(other_user).get("/mail/").content.decode()
    assert "Type your IMAP and SMTP password again" in page
    status = run_json("mail", "status", "--user", other_user.username)
    assert status["password_needed"] and status["passwords_needed"] == ["IMAP", "SMTP"]
    assert status["imap"]["password_stored"] is False
