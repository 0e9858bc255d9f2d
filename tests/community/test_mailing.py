"""The community's mail: notices by the community's own server with a one-click unsubscribe, the
daily digest, nothing for the unsubscribed, and the notices page; a member's own mail stays theirs."""

import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from coffeechat.community import scheduler
from coffeechat.community.mailing import send_digests, send_pending
from coffeechat.community.models import JobRun, Membership, Notice
from coffeechat.community.notices import notify
from coffeechat.conversations.messaging import send_email
from coffeechat.conversations.models import Message
from coffeechat.network.models import Person
from coffeechat.network.services import PersonDetails, save_person
from coffeechat.outreach.models import Profile

pytestmark = pytest.mark.django_db
SITE = "https://alumni.example.edu"


@pytest.fixture
def community(settings: Any) -> Any:
    settings.COMMUNITY_MODE = True
    settings.PUBLIC_URL = SITE
    settings.COMMUNITY_SMTP = {**settings.COMMUNITY_SMTP, "host": "smtp.alumni.example.edu", "port": 25}
    settings.COMMUNITY_MAIL_FROM = "community@alumni.example.edu"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def member(name: str, **fields: Any) -> User:
    user = User.objects.create_user(name)
    Membership.objects.create(
        user=user,
        display_name=name.title(),
        email=f"{name}@example.org",
        unsubscribe_token=f"token-{name}-0123456789",
        **fields,
    )
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_notice_is_mailed_by_the_community_with_a_one_click_unsubscribe(community: Any) -> None:
    sam = member("sam")
    notice = notify(sam.pk, "accepted", "Vera accepted your request", "Vera proposed Tuesday at 10.")
    now = timezone.now()

    assert send_pending(now).messages == 1
    [email] = mail.outbox
    assert email.from_email == "community@alumni.example.edu" and email.to == ["sam@example.org"]
    assert email.subject == "Vera accepted your request" and "Vera proposed Tuesday at 10." in email.body
    link = f"{SITE}/community/unsubscribe/token-sam-0123456789/"
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in email.body and f"{SITE}/community/notices/" in email.body
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in email.message().as_bytes()
    notice.refresh_from_db()
    assert notice.sent == now
    assert send_pending(now + timedelta(minutes=1)).messages == 0 and len(mail.outbox) == 1


def test_without_a_community_mail_server_notices_wait_on_the_page(community: Any) -> None:
    community.COMMUNITY_SMTP = {**community.COMMUNITY_SMTP, "host": ""}
    sam = member("sam")
    notify(sam.pk, "expired", "Your request to Vera has closed", "Others could help.")
    send_pending(timezone.now())
    assert mail.outbox == [] and Notice.objects.get().sent is None
    page = signed_in(sam).get("/community/notices/").content.decode()
    assert "Your request to Vera has closed" in page and "sends no email yet" in page


def test_the_one_click_post_unsubscribes_without_csrf_or_signing_in(community: Any) -> None:
    sam = member("sam")
    mail_program = Client(enforce_csrf_checks=True)  # no session, no CSRF token: RFC 8058's POST
    url = "/community/unsubscribe/token-sam-0123456789/"
    page = mail_program.get(url)  # a link preview or scanner: a button, nothing changed
    assert page.status_code == 200 and "Stop the email</button>" in page.content.decode()
    assert not Membership.objects.get(user=sam).unsubscribed

    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "you get no more email" in response.content.decode()
    assert Membership.objects.get(user=sam).unsubscribed
    assert mail_program.post("/community/unsubscribe/not-a-token/").status_code == 404


def test_unsubscribed_members_get_no_mail_and_keep_their_notices(community: Any) -> None:
    sam = member("sam", unsubscribed=True)
    notify(sam.pk, "declined", "Vera can't take your request this time", "Others could help.")
    assert send_pending(timezone.now()).messages == 0 and send_digests(timezone.now()).messages == 0
    assert mail.outbox == []
    assert "Vera can&#x27;t take your request" in signed_in(sam).get("/community/notices/").content.decode()


def test_the_daily_digest_bundles_a_members_notices_into_one_email(community: Any) -> None:
    vera, sam = member("vera", daily_digest=True), member("sam")
    notify(vera.pk, "new_request", "Sam asks about UX research", "Sam is a nurse moving into UX.")
    notify(vera.pk, "new_request", "Kim asks about data work", "Kim studies statistics.")
    notify(sam.pk, "accepted", "Vera accepted", "Tuesday at 10.")
    now = timezone.now()

    send_pending(now)
    assert [e.to for e in mail.outbox] == [["sam@example.org"]]  # one by one only for Sam
    assert send_digests(now).messages == 1
    digest = mail.outbox[1]
    assert digest.to == ["vera@example.org"] and digest.subject == "2 notices from Our community"
    assert "Sam asks about UX research" in digest.body and "Kim studies statistics." in digest.body
    assert (
        digest.extra_headers["List-Unsubscribe"] == f"<{SITE}/community/unsubscribe/token-vera-0123456789/>"
    )
    assert send_digests(now + timedelta(minutes=1)).messages == 0 and len(mail.outbox) == 2


def test_a_notice_read_on_the_page_is_not_mailed_and_the_menu_leads_there(community: Any) -> None:
    sam = member("sam", daily_digest=True)
    notify(sam.pk, "accepted", "Vera accepted", "Tuesday at 10.")
    notify(sam.pk, "reminder", "Kim reminded", "…")
    client = signed_in(sam)
    menu = client.get("/community/").content.decode()
    assert 'href="/community/notices/">Community <span class="badge" aria-label="2 unread notices">' in menu
    assert "<strong>2</strong> unread notices" in menu
    first = Notice.objects.get(subject="Vera accepted")
    client.post("/community/notices/", {"notice": str(first.pk)})
    assert Notice.objects.filter(read__isnull=True).count() == 1
    assert "Kim reminded" in send_digests_body()
    client.post("/community/notices/", {"notice": "all"})
    assert 'href="/community/">Community</a>' in client.get("/community/").content.decode()


def send_digests_body() -> str:
    send_digests(timezone.now())
    [digest] = mail.outbox
    assert "Vera accepted" not in digest.body
    return digest.body


def test_the_notices_page_marks_only_the_members_own_notices_read(community: Any) -> None:
    sam, kim = member("sam", daily_digest=True), member("kim")
    client = signed_in(sam)
    page = client.get("/community/notices/").content.decode()
    assert "One email a day with all of them to sam@example.org." in page
    notice = notify(kim.pk, "accepted", "Kim's news", "…")
    client.post("/community/notices/", {"notice": str(notice.pk)})
    client.post("/community/notices/", {"notice": "all"})
    client.post("/community/notices/", {"notice": "nonsense"})
    notice.refresh_from_db()
    assert notice.read is None
    assert signed_in(kim).get("/community/notices/").content.decode().count("Mark read</button>") == 1
    Notice.objects.bulk_create(Notice(recipient=kim, kind="reminder", subject=f"N{i}") for i in range(50))
    second = signed_in(kim).get("/community/notices/?page=2").content.decode()
    assert "Page 2 of 2" in second and "Kim&#x27;s news" in second  # the oldest, fifty to a page


@pytest.fixture
def two_smtp_servers() -> Iterator[tuple[list[Any], int, list[Any], int]]:
    controllers, inboxes = [], []
    for _ in range(2):
        received: list[Any] = []

        class Collect(MessageHandler):
            def handle_message(self, message: Any, received: list[Any] = received) -> None:
                received.append(message)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(Collect(), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        inboxes.append((received, port))
    yield inboxes[0][0], inboxes[0][1], inboxes[1][0], inboxes[1][1]
    for controller in controllers:
        controller.stop()


def test_notices_use_the_community_server_and_a_members_own_mail_uses_theirs(
    community: Any, two_smtp_servers: tuple[list[Any], int, list[Any], int]
) -> None:
    community_inbox, community_port, own_inbox, own_port = two_smtp_servers
    community.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    community.COMMUNITY_SMTP = {**community.COMMUNITY_SMTP, "host": "127.0.0.1", "port": community_port}
    community.COMMUNITY_SMTP["use_tls"] = False
    community.EMAIL_HOST, community.EMAIL_PORT, community.EMAIL_USE_TLS = "127.0.0.1", own_port, False
    sam = member("sam")
    notify(sam.pk, "accepted", "Vera accepted your request", "Tuesday at 10.")
    profile = Profile.objects.create(owner=sam, full_name="Sam Rivera", email="sam@example.org", pitch="…")
    ana = save_person(Person(name="Ana Ruiz"), sam, PersonDetails(emails=["ana@acme.example"]))
    outreach = Message.objects.create(
        owner=sam, person=ana, kind="direct_request", subject="Your work", body="Would you have 20 minutes?"
    )

    send_pending(timezone.now())
    send_email(outreach, profile)

    [notice] = community_inbox
    assert notice["From"] == "community@alumni.example.edu" and notice["To"] == "sam@example.org"
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [own] = own_inbox
    assert own["From"] == "Sam Rivera <sam@example.org>" and own["To"] == "ana@acme.example"
    assert own["List-Unsubscribe"] is None


def test_unsubscribe_is_not_found_outside_community_mode(settings: Any) -> None:
    member("sam")
    settings.COMMUNITY_MODE = False
    assert Client().get("/community/unsubscribe/token-sam-0123456789/").status_code == 404


class Refusing:
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        return "450 mailbox busy, try later"


def test_a_notice_the_server_refused_waits_for_the_next_pass(community: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(Refusing(), hostname="127.0.0.1", port=port)
    server.start()
    community.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    community.COMMUNITY_SMTP = {**community.COMMUNITY_SMTP, "host": "127.0.0.1", "port": port}
    community.COMMUNITY_SMTP["use_tls"] = False
    notify(member("sam").pk, "accepted", "Vera accepted your request", "Tuesday at 10.")
    try:
        [ran] = [r for r in scheduler.run_due(timezone.now()) if r.job == "send_notices"]
    finally:
        server.stop()
    assert ran.failed and "SMTPRecipientsRefused" in ran.outcome
    assert Notice.objects.get().sent is None  # claimed, refused, put back
    assert JobRun.objects.get(job="send_notices").outcome.startswith("failed: SMTPRecipientsRefused")
