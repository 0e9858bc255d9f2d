"""The mailbox sync against a real IMAP server (a private Dovecot, tests/mail/conftest.py): replies
move the board and show their new text, questions and new addresses wait on the mail page, unknown
senders leave no trace, and a sync cut short resumes without recording anything twice."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.messaging import record_sent
from coffeechat.conversations.models import ConversationEvent, Interaction, Message, PipelineEntry
from coffeechat.conversations.today import today_items
from coffeechat.explore.models import Exploration
from coffeechat.mail import answers
from coffeechat.mail.models import AddressOffer, MailAccount, MailQuestion
from coffeechat.mail.sync import sync_account
from coffeechat.network.models import Person
from tests.mail.conftest import Mailbox

pytestmark = pytest.mark.django_db

ALEX = "alex@home.example"
ANA = "ana@work.example"


def mail(
    sender: str,
    to: str,
    subject: str,
    body: str,
    *,
    message_id: str,
    in_reply_to: str = "",
    when: datetime | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = f"<{message_id}>"
    message["Date"] = format_datetime(when or timezone.now() - timedelta(hours=2))
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
        message["References"] = f"<{in_reply_to}>"
    message.set_content(body)
    return bytes(message)


def request(
    user: User, person: Person, *, message_id: str, topic: str = "UX research", days_ago: int = 12
) -> Message:
    """A request sent through the app `days_ago`: the conversation waits for an answer."""
    exploration = Exploration.objects.create(owner=user, text=topic)
    message = Message.objects.create(
        owner=user,
        person=person,
        exploration=exploration,
        kind="direct_request",
        subject=f"Coffee chat about {topic}?",
        body="Would you have 20 minutes?",
        message_id=message_id,
    )
    return record_sent(message, Message.Channel.EMAIL, at=timezone.now() - timedelta(days=days_ago))


def stage_of(message: Message) -> str:
    return PipelineEntry.objects.get(exploration=message.exploration, person=message.person).stage


@pytest.fixture
def ana(user: User, make_person: Callable[..., Person]) -> Person:
    return make_person(user, "Ana Ruiz", emails=[ANA])


def test_a_reply_in_the_thread_moves_the_board_stops_the_nudge_and_shows_only_the_new_text(
    mailbox: Mailbox, user: User, ana: Person, alex: Client
) -> None:
    asked = request(user, ana, message_id="req-1@coffeechat.example")
    assert "nudge" in {i.kind for i in today_items(user)}
    mailbox.append(
        mail(
            ANA,
            ALEX,
            "Re: Coffee chat about UX research?",
            "Happy to talk on Tuesday at 10.\n\n"
            "On Mon, Nov 2, 2026 at 9:00 AM Alex <alex@home.example> wrote:\n"
            "> Would you have 20 minutes?\n",
            message_id="reply-1@work.example",
            in_reply_to="req-1@coffeechat.example",
        )
    )
    report = sync_account(mailbox.account)
    assert (report.error, report.replies) == ("", 1)
    assert stage_of(asked) == "replied"
    assert "nudge" not in {i.kind for i in today_items(user)}
    page = alex.get(f"/people/{ana.pk}/").content.decode()
    assert "Happy to talk on Tuesday at 10." in page
    assert "Would you have 20 minutes?" not in page.split("Happy to talk")[1][:300]
    assert mailbox.unseen() == 1  # read with BODY.PEEK: still unread in the user's mail program
    # Polling: the next sync reads only what came since, and nothing twice.
    again = sync_account(mailbox.account)
    assert (again.read, again.replies, again.interactions) == (0, 0, 0)
    mailbox.append(
        mail(ANA, ALEX, "One more thing", "Bring your portfolio.", message_id="later@work.example")
    )
    later = sync_account(mailbox.account)
    assert (later.read, later.replies, later.interactions) == (1, 0, 1)  # an answered conversation
    assert Interaction.objects.filter(owner=user).count() == 2
    assert ConversationEvent.objects.filter(entry__person=ana, kind="reply_recorded").count() == 1
    account = MailAccount.objects.get(pk=mailbox.account.pk)
    assert account.last_sync is not None and account.last_error == "" and account.sync_started is None


def test_replies_quoted_in_french_or_german_keep_only_the_new_text(
    mailbox: Mailbox, user: User, ana: Person, make_person: Callable[..., Person]
) -> None:
    jonas = make_person(user, "Jonas Weber", emails=["jonas@firma.example"])
    request(user, ana, message_id="req-fr@coffeechat.example")
    request(user, jonas, message_id="req-de@coffeechat.example", topic="Product")
    mailbox.append(
        mail(
            ANA,
            ALEX,
            "Re: Coffee chat",
            "Avec plaisir, jeudi midi ?\n\nLe lun. 2 nov. 2026 à 09:00, Alex <alex@home.example> a écrit :\n"
            "> Would you have 20 minutes?\n",
            message_id="fr@work.example",
            in_reply_to="req-fr@coffeechat.example",
        ),
        mail(
            "jonas@firma.example",
            ALEX,
            "AW: Coffee chat",
            "Gerne, am Freitag.\n\nAm Mo., 2. Nov. 2026 um 09:00 Uhr schrieb Alex <alex@home.example>:\n"
            "> Would you have 20 minutes?\n",
            message_id="de@firma.example",
            in_reply_to="req-de@coffeechat.example",
        ),
    )
    assert sync_account(mailbox.account).replies == 2
    texts = dict(Interaction.objects.values_list("person__name", "text"))
    assert texts == {"Ana Ruiz": "Avec plaisir, jeudi midi ?", "Jonas Weber": "Gerne, am Freitag."}


def test_a_reply_in_the_thread_from_a_new_address_is_recorded_and_the_address_offered(
    mailbox: Mailbox, user: User, ana: Person, alex: Client
) -> None:
    asked = request(user, ana, message_id="req-2@coffeechat.example")
    mailbox.append(
        mail(
            "Ana Ruiz <ana.ruiz@personal.example>",
            ALEX,
            "Re: Coffee chat",
            "Sure — write to me here from now on.",
            message_id="new-address@personal.example",
            in_reply_to="req-2@coffeechat.example",
        )
    )
    report = sync_account(mailbox.account)
    assert (report.replies, report.addresses_offered) == (1, 1)
    assert stage_of(asked) == "replied"
    offer = AddressOffer.objects.get(owner=user)
    assert (offer.person, offer.address) == (ana, "ana.ruiz@personal.example")
    answers.accept(offer)
    assert set(ana.emails.values_list("address", flat=True)) == {ANA, "ana.ruiz@personal.example"}
    assert not AddressOffer.objects.exists()


def test_two_waiting_requests_and_only_the_address_matching_ask_which_one(
    mailbox: Mailbox, user: User, ana: Person
) -> None:
    first = request(user, ana, message_id="", topic="UX research", days_ago=12)
    second = request(user, ana, message_id="", topic="Service design", days_ago=10)
    mailbox.append(
        mail(ANA, ALEX, "Hello", "Yes, let's meet next week.", message_id="ambiguous@work.example")
    )
    report = sync_account(mailbox.account)
    assert (report.replies, report.questions) == (0, 1)
    question = MailQuestion.objects.get(owner=user)
    assert set(question.requests.all()) == {first, second}
    assert (stage_of(first), stage_of(second)) == ("request_sent", "request_sent")
    answers.answer(question, second)
    assert answers.answer(question, second) is None  # a double click: answered once, no error
    assert (stage_of(first), stage_of(second)) == ("request_sent", "replied")
    reply = Interaction.objects.get(owner=user)
    assert (reply.reply_to, reply.text) == (second, "Yes, let's meet next week.")
    assert not MailQuestion.objects.exists()
    assert sync_account(mailbox.account).read == 0  # answered once; not asked again


def test_the_introducers_answer_stops_the_nudge_and_the_persons_own_reply_moves_the_conversation(
    mailbox: Mailbox, user: User, ana: Person, make_person: Callable[..., Person]
) -> None:
    kim = make_person(user, "Kim Lee", emails=["kim@friends.example"])
    exploration = Exploration.objects.create(owner=user, text="UX research")
    asked = Message.objects.create(
        owner=user,
        person=kim,
        about=ana,
        exploration=exploration,
        kind="intro_request",
        subject="Could you introduce me to Ana?",
        body="Would you introduce us?",
        message_id="intro-1@coffeechat.example",
    )
    record_sent(asked, Message.Channel.EMAIL, at=timezone.now() - timedelta(days=12))
    entry = PipelineEntry.objects.get(exploration=exploration, person=ana)
    assert entry.stage == "intro_asked" and "nudge" in {i.kind for i in today_items(user)}
    mailbox.append(
        mail(
            "kim@friends.example",
            ALEX,
            "Re: Could you introduce me to Ana?",
            "Sure, I'll write to her today.",
            message_id="kim-answer@friends.example",
            in_reply_to="intro-1@coffeechat.example",
        )
    )
    sync_account(mailbox.account)
    entry.refresh_from_db()
    assert (entry.stage, entry.nudged) == ("intro_asked", True)  # Kim answered; Ana has not yet
    assert "nudge" not in {i.kind for i in today_items(user)}
    mailbox.append(
        mail(
            ANA,
            ALEX,
            "Hello from Ana",
            "Kim told me about you: happy to talk.",
            message_id="ana-1@work.example",
        )
    )
    sync_account(mailbox.account)
    entry.refresh_from_db()
    assert entry.stage == "replied"


def _rows_holding(text: str) -> list[str]:
    found = []
    for model in apps.get_models():
        fields = [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)
        ]
        for name in fields:
            if model._default_manager.filter(**{f"{name}__contains": text}).exists():
                found.append(f"{model._meta.label}.{name}")
    return found


def test_mail_from_unknown_senders_is_never_stored(mailbox: Mailbox, user: User, ana: Person) -> None:
    request(user, ana, message_id="req-3@coffeechat.example")
    mailbox.append(
        mail(
            "stranger@elsewhere.example",
            ALEX,
            "Zebraquartz offer",
            "Zebraquartz deal",
            message_id="z@x.example",
        ),
        mail(
            "news@letters.example", ALEX, "Zebraquartz weekly", "Zebraquartz news", message_id="n@x.example"
        ),
    )
    report = sync_account(mailbox.account)
    assert (report.read, report.fetched) == (2, 0)  # headers only: their bodies never came
    assert not Interaction.objects.exists() and not MailQuestion.objects.exists()
    assert _rows_holding("Zebraquartz") == []
    assert _rows_holding("elsewhere.example") == []


def test_a_downloaded_draft_found_in_the_sent_folder_is_marked_sent_at_its_date(
    mailbox: Mailbox, user: User, ana: Person
) -> None:
    exploration = Exploration.objects.create(owner=user, text="UX research")
    draft = Message.objects.create(
        owner=user,
        person=ana,
        exploration=exploration,
        kind="direct_request",
        subject="Coffee chat?",
        body="Would you have 20 minutes?",
        message_id="draft-1@coffeechat.example",
    )
    went = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    sent_copy = mail(
        ALEX,
        ANA,
        "Coffee chat?",
        "Would you have 20 minutes?",
        message_id="draft-1@coffeechat.example",
        when=went,
    )
    mailbox.append(sent_copy, folder="Sent")
    report = sync_account(mailbox.account)
    assert (report.marked_sent, report.interactions) == (1, 0)
    draft.refresh_from_db()
    assert draft.sent == went
    assert stage_of(draft) == "request_sent"
    assert not Interaction.objects.exists()  # the message itself is on the timeline


def test_plain_sent_mail_to_a_known_person_is_an_interaction_never_a_reply(
    mailbox: Mailbox, user: User, ana: Person
) -> None:
    asked = request(user, ana, message_id="req-4@coffeechat.example")
    mailbox.append(
        mail(
            ALEX,
            f"Ana <{ANA}>, someone@elsewhere.example",
            "Lunch?",
            "Free on Friday?",
            message_id="s@home.example",
        ),
        folder="Sent",
    )
    report = sync_account(mailbox.account)
    assert (report.interactions, report.replies) == (1, 0)
    [written] = Interaction.objects.filter(owner=user)
    assert (written.person, written.direction, written.reply_to) == (ana, "sent", None)
    assert stage_of(asked) == "request_sent"


def test_odd_encodings_and_malformed_messages_never_stop_the_sync(
    mailbox: Mailbox, user: User, ana: Person
) -> None:
    request(user, ana, message_id="req-5@coffeechat.example")
    latin1 = (
        b"From: =?iso-8859-1?q?Ana_Ru=EDz?= <ana@work.example>\r\nTo: alex@home.example\r\n"
        b"Subject: =?utf-8?b?UmU6IENhZsOp?=\r\nMessage-ID: <latin@work.example>\r\n"
        b"In-Reply-To: <req-5@coffeechat.example>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\nVolont\xe9 de parler, oui.\r\n"
    )
    broken = (
        b"From: \xff\xfe<<ana@work.example\r\nSubject: =?bogus?x?zz?=\r\nDate: yesterday-ish\r\n\r\n\x00\x01"
    )
    mailbox.append(broken, b"not a message at all\r\n", latin1)
    report = sync_account(mailbox.account)
    assert (report.error, report.read, report.replies) == ("", 3, 1)
    assert Interaction.objects.get(owner=user, reply_to__isnull=False).text == "Volonté de parler, oui."


def test_a_wrong_password_is_said_on_the_account(mailbox: Mailbox) -> None:
    from coffeechat.mail.keys import encrypt

    MailAccount.objects.filter(pk=mailbox.account.pk).update(imap_password=encrypt("not it"))
    account = MailAccount.objects.get(pk=mailbox.account.pk)
    report = sync_account(account)
    account.refresh_from_db()
    assert "refused the user name or password" in account.last_error
    assert report.error == account.last_error and "Traceback" not in account.last_error
    assert account.sync_started is None and account.last_sync is None


def test_only_one_sync_runs_at_a_time_and_a_dead_ones_lease_is_taken_over(
    mailbox: Mailbox, ana: Person
) -> None:
    mailbox.append(mail(ANA, ALEX, "Hi", "Hello there.", message_id="hi@work.example"))
    MailAccount.objects.filter(pk=mailbox.account.pk).update(sync_started=timezone.now())  # another worker
    busy = sync_account(mailbox.account)
    assert (busy.ran, busy.read) == (False, 0)
    assert not Interaction.objects.exists()
    MailAccount.objects.filter(pk=mailbox.account.pk).update(sync_started=timezone.now() - timedelta(hours=1))
    taken_over = sync_account(mailbox.account)
    assert (taken_over.ran, taken_over.interactions) == (True, 1)


def test_a_stalled_sync_whose_lease_was_taken_over_leaves_the_new_syncs_lease_and_word_alone(
    mailbox: Mailbox, ana: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.mail import imap

    mailbox.append(mail(ANA, ALEX, "Hi", "Hello there.", message_id="stall@work.example"))
    headers = imap.headers
    other = timezone.now() + timedelta(seconds=1)

    def stalled(*args: object) -> object:  # meanwhile another worker took the silent sync's lease over
        MailAccount.objects.filter(pk=mailbox.account.pk).update(sync_started=other, last_error="")
        return headers(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(imap, "headers", stalled)
    stopped = sync_account(mailbox.account)
    assert "another sync took this mailbox over" in stopped.error
    account = MailAccount.objects.get(pk=mailbox.account.pk)
    assert (account.sync_started, account.last_error) == (other, "")  # no third sync can start beside it


def test_a_slow_fetch_of_many_whole_messages_keeps_the_lease(
    mailbox: Mailbox, ana: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from coffeechat.mail import imap, sync

    mailbox.append(
        *[mail(ANA, ALEX, f"Note {n}", "Hello.", message_id=f"slow{n}@work.example") for n in range(3)]
    )
    start, passed, whole = timezone.now(), [timedelta(0)], imap.whole
    monkeypatch.setattr(sync, "timezone", SimpleNamespace(now=lambda: start + passed[0]))
    monkeypatch.setattr(sync, "WHOLE", 2)
    free_to_take = []

    def slow(client: object, uids: list[int]) -> object:  # six minutes a message
        passed[0] += timedelta(minutes=6) * len(uids)
        held = MailAccount.objects.get(pk=mailbox.account.pk).sync_started
        free_to_take.append(held < start + passed[0] - sync.LEASE)  # another worker's _claim would succeed
        return whole(client, uids)  # type: ignore[arg-type]

    monkeypatch.setattr(imap, "whole", slow)
    report = sync_account(mailbox.account)
    assert (report.error, report.interactions, free_to_take) == ("", 3, [False, False])


class CuttingProxy:
    """A TCP proxy to the IMAP server that drops the connection once the server has sent `limit` bytes."""

    def __init__(self, port: int, limit: int) -> None:
        self.target, self.limit = port, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.target))
        threading.Thread(target=self._pipe, args=(client, server, None), daemon=True).start()
        self._pipe(server, client, self.limit)

    def _pipe(self, source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        passed = 0
        try:
            while data := source.recv(4096):
                if limit is not None and passed + len(data) > limit:
                    break
                sink.sendall(data)
                passed += len(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)  # wakes the other direction's recv, sends the close
            end.close()


def test_a_connection_lost_mid_sync_resumes_where_it_stopped_and_records_nothing_twice(
    mailbox: Mailbox, user: User, make_person: Callable[..., Person]
) -> None:
    people = [make_person(user, f"Person {n}", emails=[f"p{n}@work.example"]) for n in range(6)]
    for n, person in enumerate(people):
        request(user, person, message_id=f"req-{n}@coffeechat.example")
    mailbox.append(
        *[
            mail(
                f"p{n}@work.example",
                ALEX,
                "Re: chat",
                f"Reply {n}. " + "x" * 3000,
                message_id=f"r{n}@w.example",
                in_reply_to=f"req-{n}@coffeechat.example",
            )
            for n in range(6)
        ]
    )
    account = MailAccount.objects.get(pk=mailbox.account.pk)
    proxy = CuttingProxy(mailbox.server.port, limit=12_000)  # past the first batch, within the second
    account.imap_port = proxy.port
    cut = sync_account(account, batch=2)
    account.refresh_from_db()
    assert "closed the connection" in cut.error or "could not be reached" in cut.error, cut.error
    assert "goes on from where it stopped" in account.last_error
    assert 0 < cut.replies < 6
    account.imap_port = mailbox.server.port
    resumed = sync_account(account, batch=2)
    assert resumed.error == "" and cut.replies + resumed.replies == 6
    assert Interaction.objects.filter(owner=user).count() == 6
    assert ConversationEvent.objects.filter(kind="reply_recorded").count() == 6


def test_serve_polls_the_mailboxes_every_few_minutes(mailbox: Mailbox, user: User, ana: Person) -> None:
    from coffeechat.core import periodic

    [job] = [job for job in periodic.registered() if job.name == "mail-sync"]
    assert job.every <= timedelta(minutes=10)
    mailbox.append(mail(ANA, ALEX, "Hi", "Hello there.", message_id="polled@work.example"))
    assert periodic.run_due(timezone.now(), jobs=(job,)) == ["mail-sync"]
    assert Interaction.objects.filter(owner=user, person=ana).count() == 1


def test_a_calendar_invitation_from_a_known_person_makes_the_meeting(
    mailbox: Mailbox, user: User, make_person: Callable[..., Person]
) -> None:
    from pathlib import Path

    from coffeechat.conversations.models import Meeting

    dana = make_person(user, "Dana Reyes", emails=["dana.reyes@example.com"])
    request(user, dana, message_id="req-cal@coffeechat.example")
    ics = (Path(__file__).parents[1] / "conversations" / "invitations" / "outlook-request.ics").read_bytes()
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "dana.reyes@example.com", ALEX, "Invitation: coffee"
    message["Message-ID"], message["In-Reply-To"] = "<cal@example.com>", "<req-cal@coffeechat.example>"
    message["Date"] = format_datetime(timezone.now() - timedelta(hours=1))
    message.set_content("Here is an invitation for our chat.")
    message.add_attachment(ics, maintype="text", subtype="calendar", filename="invite.ics")
    mailbox.append(bytes(message))
    report = sync_account(mailbox.account)
    assert (report.replies, report.invitations) == (1, 1)
    assert Meeting.objects.filter(owner=user, person=dana, cancelled__isnull=True).count() == 1
    refused = EmailMessage()
    refused["From"], refused["To"], refused["Subject"] = "dana.reyes@example.com", ALEX, "Invitation"
    refused["Message-ID"], refused["Date"] = "<cal-bad@example.com>", format_datetime(timezone.now())
    refused.set_content("A calendar file that is not one.")
    refused.add_attachment(b"not a calendar", maintype="text", subtype="calendar", filename="invite.ics")
    mailbox.append(bytes(refused))
    assert sync_account(mailbox.account).invitations == 0


def test_a_renumbered_folder_is_read_again_from_the_last_sync_and_nothing_is_recorded_twice(
    mailbox: Mailbox, user: User, ana: Person
) -> None:
    from coffeechat.mail.models import MailFolder

    request(user, ana, message_id="req-uv@coffeechat.example")
    mailbox.append(
        mail(
            ANA,
            ALEX,
            "Re: chat",
            "Sure.",
            message_id="uv@work.example",
            in_reply_to="req-uv@coffeechat.example",
        ),
        mail(ANA, ALEX, "Also", "And one more.", message_id="uv2@work.example"),
    )
    assert sync_account(mailbox.account).replies == 1
    MailFolder.objects.filter(account=mailbox.account).update(uidvalidity=1)  # as if the server renumbered
    again = sync_account(mailbox.account)
    assert again.read == 2 and (again.replies, again.interactions, again.questions) == (0, 0, 0)
    assert Interaction.objects.filter(owner=user).count() == 2


def test_another_mailbox_is_read_from_its_start_even_with_the_same_uidvalidity(
    mailbox: Mailbox, user: User, ana: Person
) -> None:
    from coffeechat.mail.connecting import save_account
    from coffeechat.mail.models import MailFolder

    mailbox.append(*[mail(ANA, ALEX, "Hi", "Hello.", message_id=f"old{n}@work.example") for n in range(2)])
    assert sync_account(mailbox.account).interactions == 2
    other = f"{mailbox.login}-work"
    mailbox.server.add_user(other, "secret")
    moved = Mailbox(mailbox.server, other, "secret", mailbox.account)
    moved.append(mail(ANA, ALEX, "New", "In the other mailbox.", message_id="new@work.example"))
    client = moved.client()
    uidvalidity = client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
    client.logout()
    MailFolder.objects.filter(account=mailbox.account).update(uidvalidity=uidvalidity)  # as servers may do
    account = save_account(user, {"imap_user": other}, "secret", "")
    report = sync_account(account)
    assert (report.error, report.read, report.interactions) == ("", 1, 1)
    assert Interaction.objects.filter(owner=user, subject="New").exists()


def test_the_sync_command_says_what_it_read_and_recorded(mailbox: Mailbox, user: User, ana: Person) -> None:
    import io
    import json

    from django.core.management import CommandError, call_command

    request(user, ana, message_id="req-cmd@coffeechat.example")
    mailbox.append(
        mail(
            ANA,
            ALEX,
            "Re: chat",
            "Yes.",
            message_id="cmd@work.example",
            in_reply_to="req-cmd@coffeechat.example",
        )
    )
    out = io.StringIO()
    call_command("mail", "sync", "--json", stdout=out)
    [report] = json.loads(out.getvalue())
    assert (report["user"], report["read"], report["replies"], report["error"]) == ("alex", 1, 1, "")
    text = io.StringIO()
    call_command("mail", "sync", "--user", "alex", stdout=text)
    assert text.getvalue().strip() == "alex@home.example: read 0 new (Sent 0, INBOX 0); nothing to record."
    MailAccount.objects.filter(pk=mailbox.account.pk).update(imap_port=1)  # nothing listens there
    with pytest.raises(CommandError, match=r"alex@home\.example: .* 127\.0\.0\.1:1 refused the connection"):
        call_command("mail", "sync", stdout=io.StringIO())
