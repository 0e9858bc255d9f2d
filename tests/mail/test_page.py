"""The Mail page: connecting servers, passwords never shown back, trying the servers, a changed key,
disconnecting, and another account's servers never shown."""

import base64
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.mail.keys import decrypt, encrypt
from coffeechat.mail.models import MailAccount
from tests.mail.conftest import Mailbox
from tests.mail.smtp import free_port, smtp_server

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse app password"


def servers(**changes: Any) -> dict[str, Any]:
    values = {
        "address": "sam@example.org",
        "imap_host": "imap.example.org",
        "imap_port": 993,
        "imap_security": "ssl",
        "imap_user": "sam@example.org",
        "imap_password": PASSWORD,
        "smtp_host": "smtp.example.org",
        "smtp_port": 587,
        "smtp_security": "starttls",
        "smtp_user": "sam@example.org",
        "smtp_password": PASSWORD,
        "sync_enabled": "on",
        "action": "save",
    }
    return {k: v for k, v in (values | changes).items() if v is not None}


def test_it_connects_a_mailbox_and_never_shows_the_password_back(alex: Client, user: User) -> None:
    page = alex.get("/mail/").content.decode()
    assert "Nothing is deleted, moved or marked read" in page and "never stored" in page
    assert alex.post("/mail/", servers())["Location"] == "/mail/"
    account = MailAccount.objects.get(owner=user)
    assert PASSWORD not in account.imap_password and decrypt(account.imap_password) == PASSWORD
    assert account.sync_enabled and not account.password_needed
    page = alex.get("/mail/").content.decode()
    assert "imap.example.org" in page and "Leave empty to keep the one stored." in page
    assert PASSWORD not in page and account.imap_password not in page

    # Left empty, the passwords stay; a new host is taken.
    alex.post("/mail/", servers(imap_host="mail.example.org", imap_password="", smtp_password=""))
    account.refresh_from_db()
    assert account.imap_host == "mail.example.org" and decrypt(account.smtp_password) == PASSWORD


def test_a_bad_server_is_refused_with_a_reason_and_changes_nothing(alex: Client, user: User) -> None:
    alex.post("/mail/", servers())
    page = alex.post("/mail/", servers(imap_host="imaps://imap.example.org:993", smtp_port="70000"))
    text = page.content.decode()
    assert page.status_code == 200 and "is not a host name" in text and "is not a port" in text
    assert MailAccount.objects.get(owner=user).imap_host == "imap.example.org"


def test_testing_the_connection_logs_in_and_names_each_problem(alex: Client, user: User) -> None:
    closed = free_port()
    with smtp_server(login=("sam", PASSWORD)) as (_, port):
        alex.post(
            "/mail/",
            servers(
                imap_host="127.0.0.1",
                imap_port=closed,
                imap_security="none",
                smtp_host="127.0.0.1",
                smtp_port=port,
                smtp_security="none",
                smtp_user="sam",
            ),
        )
        page = alex.post("/mail/", {"action": "test"}, follow=True).content.decode()
        assert f"The SMTP server 127.0.0.1:{port}: signed in as sam." in page
        assert f"The IMAP server 127.0.0.1:{closed} refused the connection" in page

        alex.post(
            "/mail/",
            servers(
                smtp_host="127.0.0.1",
                smtp_port=port,
                smtp_security="none",
                smtp_user="sam",
                smtp_password="wrong",
                imap_host="",
                sync_enabled=None,
            ),
        )
        page = alex.post("/mail/", {"action": "test"}, follow=True).content.decode()
        assert f"The SMTP server 127.0.0.1:{port} refused the user name or password" in page
    assert "Traceback" not in page


def test_a_password_the_key_cannot_read_is_asked_for_again(alex: Client, user: User, settings: Any) -> None:
    alex.post("/mail/", servers())
    settings.MAIL_KEY = base64.urlsafe_b64encode(b"another key, not the one used...")
    page = alex.get("/mail/").content.decode()
    assert "can no longer be read: the key it was encrypted with has changed" in page
    assert MailAccount.objects.get(owner=user).password_needed
    page = alex.post("/mail/", {"action": "test"}, follow=True).content.decode()
    assert "can no longer be read" in page

    alex.post("/mail/", servers())  # typed again
    assert not MailAccount.objects.get(owner=user).password_needed
    assert "can no longer be read" not in alex.get("/mail/").content.decode()


def test_disconnecting_forgets_the_servers(alex: Client, user: User) -> None:
    alex.post("/mail/", servers())
    page = alex.post("/mail/", {"action": "disconnect"}, follow=True).content.decode()
    assert "the servers and passwords are forgotten" in page
    assert not MailAccount.objects.filter(owner=user).exists()


def test_another_accounts_servers_are_never_shown(
    alex: Client, user: User, other_user: User, client_for: Any
) -> None:
    alex.post("/mail/", servers(imap_host="imap.alex-only.example", imap_user="alex-only-user"))
    theirs = client_for(other_user)
    page = theirs.get("/mail/").content.decode()
    assert "alex-only" not in page and "Test the connection" not in page
    theirs.post("/mail/", {"action": "disconnect"})
    theirs.post("/mail/", {"action": "test"})
    assert MailAccount.objects.get(owner=user).imap_host == "imap.alex-only.example"


def test_testing_the_connection_signs_in_to_a_real_imap_server(alex: Client, mailbox: Mailbox) -> None:
    server = f"The IMAP server {mailbox.server.host}:{mailbox.server.port}"
    page = alex.post("/mail/", {"action": "test"}, follow=True).content.decode()
    assert f"{server}: signed in as {mailbox.login}." in page

    mailbox.account.imap_password = encrypt("not the password")
    mailbox.account.save()
    page = alex.post("/mail/", {"action": "test"}, follow=True).content.decode()
    assert f"{server} refused the user name or password" in page
