"""The Mail page's sync part: Sync now, placing a reply that could answer two requests, adding a
new address; another account's questions and addresses are a 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.models import Interaction, Message, PipelineEntry
from coffeechat.mail.models import AddressOffer, MailQuestion
from coffeechat.network.models import Person
from tests.mail.conftest import Mailbox
from tests.mail.test_sync import ALEX, ANA, mail, request

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(user: User, make_person: Callable[..., Person]) -> Person:
    return make_person(user, "Ana Ruiz", emails=[ANA])


def _question(user: User, ana: Person) -> tuple[MailQuestion, Message, Message]:
    first = request(user, ana, message_id="", topic="UX research")
    second = request(user, ana, message_id="", topic="Service design")
    question = MailQuestion.objects.create(
        owner=user, person=ana, source_key="q@work.example", at=timezone.now(), subject="Hello", text="Yes!"
    )
    question.requests.set([first, second])
    return question, first, second


def test_the_page_asks_which_request_a_reply_answers_and_records_the_choice(
    alex: Client, user: User, ana: Person
) -> None:
    question, first, second = _question(user, ana)
    page = alex.get("/mail/").content.decode()
    assert "Which request does this reply answer?" in page and "Service design" in page
    response = alex.post(f"/mail/replies/{question.pk}/", {"request": str(second.pk)})
    assert response.status_code == 302
    assert PipelineEntry.objects.get(exploration=second.exploration).stage == "replied"
    assert PipelineEntry.objects.get(exploration=first.exploration).stage == "request_sent"
    assert Interaction.objects.get(owner=user).reply_to == second
    assert "Which request" not in alex.get("/mail/").content.decode()


def test_a_choice_that_is_not_offered_changes_nothing(alex: Client, user: User, ana: Person) -> None:
    question, _, _ = _question(user, ana)
    other = Message.objects.create(owner=user, person=ana, kind="direct_request", body="…")
    response = alex.post(f"/mail/replies/{question.pk}/", {"request": str(other.pk)}, follow=True)
    assert "Choose the message this reply answers" in response.content.decode()
    assert MailQuestion.objects.filter(pk=question.pk).exists() and not Interaction.objects.exists()


def test_a_new_address_is_added_in_one_click(alex: Client, user: User, ana: Person) -> None:
    offer = AddressOffer.objects.create(owner=user, person=ana, address="ana@home.example", at=timezone.now())
    assert "Add ana@home.example to Ana Ruiz?" in alex.get("/mail/").content.decode()
    alex.post(f"/mail/addresses/{offer.pk}/", {"action": "add"})
    assert set(ana.emails.values_list("address", flat=True)) == {ANA, "ana@home.example"}
    assert not AddressOffer.objects.exists()


def test_another_accounts_questions_and_addresses_are_not_found(
    client_for: Callable[[User], Client], user: User, other_user: User, ana: Person
) -> None:
    question, _, second = _question(user, ana)
    offer = AddressOffer.objects.create(owner=user, person=ana, address="ana@home.example", at=timezone.now())
    sam = client_for(other_user)
    assert sam.post(f"/mail/replies/{question.pk}/", {"request": str(second.pk)}).status_code == 404
    assert sam.post(f"/mail/addresses/{offer.pk}/", {"action": "add"}).status_code == 404
    assert (
        MailQuestion.objects.filter(pk=question.pk).exists()
        and AddressOffer.objects.filter(pk=offer.pk).exists()
    )


def test_sync_now_reads_the_mailbox_and_says_what_it_found(
    alex: Client, user: User, ana: Person, mailbox: Mailbox
) -> None:
    asked = request(user, ana, message_id="req@coffeechat.example")
    mailbox.append(
        mail(
            ANA,
            ALEX,
            "Re: chat",
            "Gladly.",
            message_id="r@work.example",
            in_reply_to="req@coffeechat.example",
        )
    )
    page = alex.post("/mail/sync/", follow=True).content.decode()
    assert "read 1 new" in page and "1 reply" in page
    assert PipelineEntry.objects.get(exploration=asked.exploration).stage == "replied"


def test_sync_now_without_a_mailbox_says_what_to_do(alex: Client) -> None:
    page = alex.post("/mail/sync/", follow=True).content.decode()
    assert "Connect a mailbox" in page


def test_a_mailbox_that_cannot_be_read_says_why_on_the_page(alex: Client, mailbox: Mailbox) -> None:
    from coffeechat.mail.keys import encrypt
    from coffeechat.mail.models import MailAccount

    MailAccount.objects.filter(pk=mailbox.account.pk).update(imap_password=encrypt("not it"))
    alex.post("/mail/sync/")
    page = alex.get("/mail/").content.decode()
    assert "refused the user name or password" in page and "Traceback" not in page


def test_today_points_to_the_replies_and_addresses_waiting_on_the_mail_page(
    alex: Client, user: User, ana: Person
) -> None:
    assert "From your mailbox" not in alex.get("/").content.decode()
    _question(user, ana)
    AddressOffer.objects.create(owner=user, person=ana, address="ana@home.example", at=timezone.now())
    page = alex.get("/").content.decode()
    assert 'From your mailbox: <a href="/mail/">1 reply to place and 1 new address to add</a>' in page
