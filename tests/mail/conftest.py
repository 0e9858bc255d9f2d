"""A real IMAP server for the mail tests: one private Dovecot per test session (coffeechat/mail/dovecot.py),
and a fresh, empty mailbox per test (a new user)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from imapclient import IMAPClient

from coffeechat.mail import dovecot as dovecot_runner
from coffeechat.mail.dovecot import Dovecot
from coffeechat.mail.models import MailAccount

_users = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if not dovecot_runner.installed():
        reason = f"Dovecot is not installed ({dovecot_runner.BINARY}): apt-get install dovecot-imapd"
        if os.environ.get("CI"):
            pytest.fail(reason)  # in CI the mail tests must run
        pytest.skip(reason + ", or run ./scripts/test, which does")
    server = Dovecot().start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Mailbox:
    server: Dovecot
    login: str
    password: str
    account: MailAccount

    def client(self) -> IMAPClient:
        client = IMAPClient(self.server.host, port=self.server.port, ssl=False, timeout=10)
        client.login(self.login, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        """Put messages in, as a mail program or the server's delivery would (IMAP APPEND)."""
        client = self.client()
        try:
            for raw in messages:
                client.append(folder, raw)
        finally:
            client.logout()

    def unseen(self, folder: str = "INBOX") -> int:
        client = self.client()
        try:
            client.select_folder(folder, readonly=True)
            return len(client.search(["UNSEEN"]))
        finally:
            client.logout()


@pytest.fixture
def mailbox(dovecot: Dovecot, user: User) -> Mailbox:
    """The user's mailbox, empty, connected with sync on."""
    from coffeechat.mail.keys import encrypt

    login = f"user{next(_users)}-{os.getpid()}"
    dovecot.add_user(login, "secret")
    account = MailAccount.objects.create(
        owner=user,
        address="alex@home.example",
        imap_host=dovecot.host,
        imap_port=dovecot.port,
        imap_security="none",
        imap_user=login,
        imap_password=encrypt("secret"),
        sync_enabled=True,
    )
    return Mailbox(dovecot, login, "secret", account)
