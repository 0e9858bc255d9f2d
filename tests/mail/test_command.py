"""`coffeechat mail connect` and `mail status`: the servers from a terminal, the password from
standard input only, --json for automation."""

import io
import sys
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from coffeechat.mail.keys import decrypt
from coffeechat.mail.models import MailAccount
from tests.commands import run_json, run_text

pytestmark = pytest.mark.django_db


def test_connect_takes_the_password_from_standard_input_and_never_prints_it(
    user: User, monkeypatch: Any
) -> None:
    assert run_json("mail", "status") == {"connected": False}
    monkeypatch.setattr(sys, "stdin", io.StringIO("app password 1\n"))
    status = run_json(
        "mail", "connect", "--imap-host", "imap.example.org", "--imap-user", "alex@example.org",
        "--smtp-host", "smtp.example.org", "--smtp-security", "ssl", "--notice-replies", "--password-stdin",
    )  # fmt: skip
    assert status["address"] == "alex@example.org" and status["notice_replies"] is True
    assert status["imap"] == {
        "host": "imap.example.org", "port": 993, "security": "ssl", "user": "alex@example.org",
        "password_stored": True,
    }  # fmt: skip
    assert (status["smtp"]["port"], status["smtp"]["user"]) == (465, "alex@example.org")
    assert "app password 1" not in str(status) and not status["password_needed"]
    account = MailAccount.objects.get(owner=user)
    assert decrypt(account.imap_password) == decrypt(account.smtp_password) == "app password 1"

    # Options left out keep what is set; the password stays without --password-stdin.
    run_json("mail", "connect", "--imap-port", "1993")
    account.refresh_from_db()
    assert (account.imap_port, account.smtp_host) == (1993, "smtp.example.org")
    assert decrypt(account.imap_password) == "app password 1"
    assert "IMAP: alex@example.org at imap.example.org:1993 (ssl)" in run_text("mail", "status")


def test_connect_names_the_option_at_fault_and_changes_nothing(user: User) -> None:
    with pytest.raises(CommandError, match=r"--imap-host: 'imaps://mail\.example\.org' is not a host name"):
        run_json("mail", "connect", "--imap-host", "imaps://mail.example.org", "--imap-user", "alex")
    with pytest.raises(CommandError, match="--imap-user: Your mailbox's user name is needed"):
        run_json("mail", "connect", "--imap-host", "mail.example.org")
    assert not MailAccount.objects.exists()
