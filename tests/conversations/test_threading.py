"""SMTP keeps the thread: messages go through the user's own server with a Message-ID the app
keeps, a nudge answers the request in the same thread, and an .eml draft carries the stored id."""

from collections.abc import Callable
from email import message_from_bytes
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.conversations.models import Message
from coffeechat.explore.models import Exploration
from coffeechat.mail.models import MailAccount
from coffeechat.network.models import Person
from coffeechat.outreach.models import Profile
from tests.mail.smtp import Refusing, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(user: User, make_person: Callable[..., Person]) -> Person:
    Profile.objects.create(owner=user, full_name="Sam Rivera", email="sam@example.org", pitch="A nurse.")
    return make_person(user, "Ana Ruiz", emails=["ana@acme.example"], tie_strength=None)


@pytest.fixture
def exploration(user: User) -> Exploration:
    return Exploration.objects.create(owner=user, text="UX research in health care")


def own_server(user: User, port: int, **fields: Any) -> MailAccount:
    return MailAccount.objects.create(
        owner=user,
        address="sam@own-domain.example",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        **fields,
    )


def url(person: Person, kind: str, exploration: Exploration) -> str:
    return f"/people/{person.pk}/write/?kind={kind}&exploration={exploration.pk}"


def write(client: Client, person: Person, kind: str, exploration: Exploration, **form: str) -> Any:
    return client.post(url(person, kind, exploration), form)


def test_a_nudge_sent_through_the_users_server_answers_the_request_in_its_thread(
    alex: Client, user: User, ana: Person, exploration: Exploration
) -> None:
    with smtp_server() as (received, port):
        own_server(user, port)
        assert ">Send</button>" in alex.get(url(ana, "direct_request", exploration)).content.decode()
        write(
            alex, ana, "direct_request", exploration, subject="Your work", body="20 minutes?", action="send"
        )
        request = Message.objects.get(kind="direct_request")
        [first] = received
        assert first["Message-ID"] == f"<{request.message_id}>"
        assert request.message_id.endswith("@own-domain.example")
        assert (
            first["From"] == "Sam Rivera <sam@own-domain.example>" and first["Reply-To"] == "sam@example.org"
        )
        assert first["In-Reply-To"] is None

        page = alex.get(url(ana, "nudge", exploration)).content.decode()
        assert 'value="Re: Your work"' in page
        write(alex, ana, "nudge", exploration, subject="Re: Your work", body="Any news?", action="send")
    nudge = Message.objects.get(kind="nudge")
    second = received[1]
    assert second["Message-ID"] == f"<{nudge.message_id}>" != first["Message-ID"]
    assert second["In-Reply-To"] == second["References"] == f"<{request.message_id}>"
    assert second["Subject"] == "Re: Your work"

    # A thank-you answers the last of them, and names the whole thread.
    thanks = write(
        alex, ana, "thank_you", exploration, subject="Re: Your work", body="Thank you!", action="eml"
    )
    thanks_mail = message_from_bytes(thanks.content)
    assert thanks_mail["In-Reply-To"] == f"<{nudge.message_id}>"
    assert thanks_mail["References"].split() == [f"<{request.message_id}>", f"<{nudge.message_id}>"]


def test_an_eml_draft_carries_the_id_it_is_kept_with_and_marking_it_sent_keeps_one_message(
    alex: Client, ana: Person, exploration: Exploration
) -> None:
    text = {"subject": "Your work", "body": "Would you have 20 minutes?"}
    response = alex.post(url(ana, "direct_request", exploration), {**text, "action": "eml"})
    draft = message_from_bytes(response.content)
    stored = Message.objects.get()
    assert stored.sent is None and draft["Message-ID"] == f"<{stored.message_id}>"
    assert stored.message_id.endswith("@example.org")  # the sender's domain

    again = message_from_bytes(
        alex.post(url(ana, "direct_request", exploration), {**text, "action": "eml"}).content
    )
    assert again["Message-ID"] == draft["Message-ID"] and Message.objects.count() == 1
    alex.post(url(ana, "direct_request", exploration), {**text, "action": "mark_sent", "channel": "email"})
    sent = Message.objects.get()
    assert sent.sent is not None and sent.message_id == stored.message_id

    nudge = message_from_bytes(
        write(
            alex, ana, "nudge", exploration, subject="Re: Your work", body="Any news?", action="eml"
        ).content
    )
    assert nudge["In-Reply-To"] == nudge["References"] == f"<{stored.message_id}>"


def test_a_refused_send_records_nothing(
    alex: Client, user: User, ana: Person, exploration: Exploration
) -> None:
    with smtp_server(handler=Refusing()) as (_, port):
        own_server(user, port)
        page = write(
            alex, ana, "direct_request", exploration, subject="Hi", body="20 minutes?", action="send"
        )
    assert "Not sent:" in page.content.decode()
    assert not Message.objects.filter(sent__isnull=False).exists()


def test_without_its_password_the_users_server_sends_nothing_and_says_why(
    alex: Client, user: User, ana: Person, exploration: Exploration, settings: Any
) -> None:
    settings.EMAIL_HOST = "127.0.0.1"  # the server's own SMTP is not used instead
    own_server(user, 1, smtp_user="sam", password_needed=True)
    page = write(alex, ana, "direct_request", exploration, subject="Hi", body="20 minutes?", action="send")
    assert "Not sent: your mail server&#x27;s password is needed again" in page.content.decode()
    assert not Message.objects.filter(sent__isnull=False).exists()
