"""`coffeechat bench mail`: the mailbox sync on a large mailbox, against a real IMAP server.

A private Dovecot (mail/dovecot.py: Debian's dovecot-imapd must be installed) on a loopback port
gets one mailbox of N messages: R replies to requests the user sent (most in the thread, some only
from the person's address), the rest mail from strangers, newsletters, people in the network
without a request, and the user's own sent mail. The network lives in the bench's throwaway
database. Measured, each in a process of its own (core/measuring.py): the first sync, then an
incremental one after MORE new messages (a tenth of them replies held back for it): time, the
process's CPU time, peak memory above the idle process, and what it read and recorded.

Dovecot, its folder and the database go on success, on an error, on Ctrl+C and on SIGTERM.
"""

from __future__ import annotations

import gc
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

USERNAME = "bench-mail"
MAILBOX_USER = "bench"
PASSWORD = "bench-mail-password"  # a throwaway mailbox on a loopback-only server
MORE = 100  # new messages before the incremental sync
KNOWN_PEOPLE = 1_000  # people in the network beyond those asked
# Measured at 20,000 messages (maildir files, Dovecot's index and cache), rounded up; the throwaway
# database stays well under it.
DISK_BYTES_PER_MESSAGE = 6_000
APPEND_CHUNK = 500
WORDS = (
    "thanks for reaching out happy to talk about the role our team works on research and design "
    "next week could work let me know what times suit you the project is going well quarterly "
    "update newsletter offer sale webinar invitation agenda notes follow up"
).split()


def run_mail_bench(messages: int, replies: int, progress: Callable[[str], None]) -> dict[str, Any]:
    """On the current (throwaway) database: build, fill, then measure both syncs."""
    from django.db import connection

    from coffeechat.core.measuring import measure_in_child
    from coffeechat.home.pagebench import BenchError, stopping_on_sigterm
    from coffeechat.mail import dovecot

    check_size(messages, replies)
    if not dovecot.installed():
        raise BenchError(
            f"Dovecot must be installed for this bench ({dovecot.BINARY} is missing): "
            "apt-get install dovecot-imapd"
        )
    held_back = min(replies, max(1, MORE // 10))
    with stopping_on_sigterm(), dovecot.Dovecot() as server:
        server.add_user(MAILBOX_USER, PASSWORD)
        started = time.perf_counter()
        account_id, people = build_network(server.host, server.port, replies + held_back, progress)
        mix = Mix(random.Random(20), people, replies + held_back)
        fill(server.host, server.port, mix.messages(messages, range(replies)), progress)
        took = time.perf_counter() - started
        progress(f"Built the network and a mailbox of {messages:,} messages in {took:.0f} s")
        database = str(connection.settings_dict["NAME"])
        connection.close()  # the measuring processes write; this one holds no lock meanwhile
        arguments = {"database": database, "account": account_id}
        first = measure_in_child("coffeechat.mail.bench", arguments, "first sync")
        progress(_line(first))
        fill(server.host, server.port, mix.messages(MORE, range(replies, replies + held_back)), progress)
        incremental = measure_in_child("coffeechat.mail.bench", arguments, f"incremental ({MORE} new)")
        progress(_line(incremental))
    return {
        "messages": messages,
        "replies": replies,
        "more": MORE,
        "replies_in_more": held_back,
        "syncs": [first, incremental],
    }


def check_size(messages: int, replies: int) -> None:
    from coffeechat.home.pagebench import BenchError, _mb  # Django models: not in the measuring process

    if messages < 1 or replies < 0:
        raise BenchError("--messages must be at least 1 and --replies at least 0")
    if replies > messages:
        raise BenchError(f"--replies {replies} is more than --messages {messages}")
    need = (messages + MORE) * DISK_BYTES_PER_MESSAGE + 50 * 1024 * 1024
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if need > free:
        raise BenchError(
            f"{messages:,} messages need about {_mb(need)} in {tempfile.gettempdir()}, "
            f"and only {_mb(free)} is free: try fewer --messages"
        )


def _line(result: dict[str, Any]) -> str:
    report = result["report"]
    return (
        f"{result['name']}: {result['seconds']:.1f} s ({result['cpu_seconds']:.1f} s CPU), "
        f"{result['above_idle_mb']:.0f} MB above idle at the peak; read {report['read']:,}, "
        f"fetched {report['fetched']:,} whole, {report['replies']} replies, "
        f"{report['interactions']} interactions"
    )


def report_lines(result: dict[str, Any]) -> list[str]:
    lines = [
        f"Mailbox sync of {result['messages']:,} messages ({result['replies']} replies) on "
        f"{result['database']}, then {result['more']} more ({result['replies_in_more']} replies)"
    ]
    return lines + [_line(sync) for sync in result["syncs"]]


# --- the network ---------------------------------------------------------------------------------


def build_network(host: str, port: int, asked: int, progress: Callable[[str], None]) -> tuple[int, list[str]]:
    """The user, `asked` people with a request waiting and KNOWN_PEOPLE more; their addresses,
    the asked first. The mail account points at the bench's Dovecot."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from coffeechat.conversations import lifecycle
    from coffeechat.conversations.events import record_event
    from coffeechat.conversations.models import Message, PipelineEntry
    from coffeechat.explore.models import Exploration
    from coffeechat.mail.keys import encrypt
    from coffeechat.mail.models import MailAccount
    from coffeechat.network.models import EmailAddress, Person

    owner = User.objects.create_user(USERNAME)
    addresses = [f"person{n}@work{n % 97}.example" for n in range(asked + KNOWN_PEOPLE)]
    sent = datetime.now().astimezone() - timedelta(days=20)
    with transaction.atomic():
        people = Person.objects.bulk_create(
            [Person(owner=owner, name=f"Person {n}", name_key=f"person {n}") for n in range(len(addresses))],
            batch_size=2_000,
        )
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(person=p, address=a, address_key=a)
                for p, a in zip(people, addresses, strict=True)
            ],
            batch_size=2_000,
        )
        exploration = Exploration.objects.create(owner=owner, text="UX research")
        entries = PipelineEntry.objects.bulk_create(
            [PipelineEntry(exploration=exploration, person=p) for p in people[:asked]]
        )
        for entry in entries:
            record_event(entry, lifecycle.REQUEST_SENT_EVENT, at=sent)
        Message.objects.bulk_create(
            [
                Message(
                    owner=owner,
                    person=p,
                    exploration=exploration,
                    kind="direct_request",
                    subject="Coffee chat?",
                    body="Would you have 20 minutes?",
                    sent=sent,
                    message_id=f"req-{n}@bench.example",
                )
                for n, p in enumerate(people[:asked])
            ]
        )
        account = MailAccount.objects.create(
            owner=owner,
            address="me@home.example",
            imap_host=host,
            imap_port=port,
            imap_security="none",
            imap_user=MAILBOX_USER,
            imap_password=encrypt(PASSWORD),
            sync_enabled=True,
        )
    progress(f"{len(people):,} people, {asked} of them asked")
    return account.pk, addresses


class Mix:
    """The mailbox's messages: replies in order, the rest drawn from the kinds a mailbox holds."""

    def __init__(self, rng: random.Random, people: Sequence[str], asked: int) -> None:
        self.rng, self.people, self.asked = rng, people, asked
        self.serial = 0

    def messages(self, count: int, replies: range) -> Iterator[tuple[str, bytes]]:
        """(folder, raw) for `count` messages, the replies numbered `replies` among them."""
        slots = set(self.rng.sample(range(count), len(replies)))
        numbers = iter(replies)
        for slot in range(count):
            yield ("INBOX", self._reply(next(numbers))) if slot in slots else self._other()

    def _mail(self, sender: str, to: str, subject: str, when: datetime, **headers: str) -> EmailMessage:
        self.serial += 1
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, to, subject
        message["Date"] = format_datetime(when)
        message["Message-ID"] = f"<m{self.serial}.{self.rng.randrange(10**9)}@bench.example>"
        for name, value in headers.items():
            message[name.replace("_", "-")] = value
        words = self.rng.choices(WORDS, k=self.rng.randrange(40, 300))
        message.set_content(" ".join(words).capitalize() + ".\n")
        return message

    def _reply(self, n: int) -> bytes:
        when = datetime.now().astimezone() - timedelta(days=20) + timedelta(hours=self.rng.randrange(1, 240))
        thread = {"In_Reply_To": f"<req-{n}@bench.example>"} if n % 4 else {}  # one in four by address only
        message = self._mail(self.people[n], "me@home.example", "Re: Coffee chat?", when, **thread)
        return bytes(message)

    def _other(self) -> tuple[str, bytes]:
        when = datetime.now().astimezone() - timedelta(minutes=self.rng.randrange(1, 300 * 24 * 60))
        draw = self.rng.random()
        known = (
            self.people[self.rng.randrange(self.asked, len(self.people))]
            if len(self.people) > self.asked
            else ""
        )
        if draw < 0.1 and known:
            return "INBOX", bytes(self._mail(known, "me@home.example", "Catching up", when))
        if draw < 0.15 and known:
            return "Sent", bytes(self._mail("me@home.example", known, "Lunch?", when))
        if draw < 0.5:
            sender = f"news@letter{self.rng.randrange(50)}.example"
            return "INBOX", bytes(
                self._mail(sender, "me@home.example", "This week", when, List_Id="<weekly.example>")
            )
        sender = f"someone{self.rng.randrange(10**6)}@elsewhere.example"
        return "INBOX", bytes(self._mail(sender, "me@home.example", "Hello", when))


def fill(host: str, port: int, items: Iterator[tuple[str, bytes]], progress: Callable[[str], None]) -> None:
    """APPEND the messages, several per command (MULTIAPPEND), as a mail server's delivery would."""
    from imapclient import IMAPClient

    client = IMAPClient(host, port=port, ssl=False, timeout=60)
    client.login(MAILBOX_USER, PASSWORD)
    try:
        chunks: dict[str, list[bytes]] = {"INBOX": [], "Sent": []}
        for folder, raw in items:
            chunks[folder].append(raw)
            if len(chunks[folder]) >= APPEND_CHUNK:
                client.multiappend(folder, chunks[folder])
                chunks[folder] = []
        for folder, rest in chunks.items():
            if rest:
                client.multiappend(folder, rest)
    finally:
        client.logout()


# --- one measure, in a process of its own --------------------------------------------------------


def _measure_in_this_process(database: str, account: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings

    from coffeechat.core.measuring import memory_mb
    from coffeechat.mail.models import MailAccount
    from coffeechat.mail.sync import sync_account

    settings.DATABASES["default"]["NAME"] = database  # the bench's throwaway database, before any connection
    mail_account = MailAccount.objects.select_related("owner").get(pk=account)
    gc.collect()
    idle = memory_mb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    report = sync_account(mail_account)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if report.error:
        raise SystemExit(f"the sync failed: {report.error}")
    peak = memory_mb("VmHWM")
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),  # this process's own: on SQLite the database's work too
        "idle_mb": round(idle, 1),
        "peak_rss_mb": round(peak, 1),
        "above_idle_mb": round(peak - idle, 1),
        "report": report.as_dict(),
    }


if __name__ == "__main__":
    print(json.dumps(_measure_in_this_process(**json.loads(sys.argv[1]))))
