"""Writing, sending and recording messages; the pipeline; meetings and the calendar feed."""

import socket
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from django.contrib.auth.models import User
from django.test import Client, override_settings
from icalendar import Calendar

from coffeechat.conversations.models import CalendarFeed, Meeting, Message, PipelineEntry
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.outreach.models import Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(user: User, make_person: Callable[..., Person]) -> Person:
    Profile.objects.create(
        owner=user,
        full_name="Sam Rivera",
        email="sam@example.org",
        pitch="I am a nurse of ten years moving into UX research.",
        signature="Sam",
    )
    return make_person(
        user,
        "Ana Ruiz",
        title="UX Researcher",
        org="Acme Health",
        emails=["ana@acme.example"],
        tie_strength=None,
    )


@pytest.fixture
def exploration(user: User) -> Exploration:
    return Exploration.objects.create(owner=user, text="UX research in health care")


def write_url(person: Person, kind: str, exploration: Exploration) -> str:
    return f"/people/{person.pk}/write/?kind={kind}&exploration={exploration.pk}"


def test_a_draft_is_filled_from_the_person_the_exploration_and_the_pitch(
    alex: Client, ana: Person, exploration: Exploration
) -> None:
    page = alex.get(write_url(ana, "direct_request", exploration)).content.decode()
    assert "Dear Ana," in page and "UX Researcher at Acme Health" in page
    assert "I am a nurse of ten years moving into UX research." in page
    assert "mailto:ana%40acme.example?subject=" in page


def test_the_checker_answers_while_typing(alex: Client, ana: Person, exploration: Exploration) -> None:
    response = alex.post(
        write_url(ana, "direct_request", exploration),
        {"subject": "", "body": "Do you have any job openings for me", "action": "check"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body and "No subject." in body and "Mentions “job”" in body
    assert not Message.objects.exists()


def test_marking_sent_records_it_on_the_timeline_and_moves_the_pipeline(
    alex: Client, ana: Person, exploration: Exploration
) -> None:
    alex.post(
        write_url(ana, "direct_request", exploration),
        {"subject": "Hello", "body": "Would you have 20 minutes?", "action": "mark_sent", "channel": "email"},
    )
    message = Message.objects.get()
    assert message.sent is not None and message.channel == "email"
    assert PipelineEntry.objects.get(person=ana).stage == "request_sent"
    timeline = alex.get(f"/people/{ana.pk}/").content.decode().split('id="timeline"')[1]
    assert "ask someone you do not know (email): “Hello”" in timeline


def test_a_message_downloads_as_an_eml_draft(alex: Client, ana: Person, exploration: Exploration) -> None:
    response = alex.post(
        write_url(ana, "direct_request", exploration),
        {"subject": "Your work", "body": "Would you have 20 minutes?", "action": "eml"},
    )
    eml = response.content.decode()
    assert response["Content-Type"] == "message/rfc822"
    assert "To: Ana Ruiz <ana@acme.example>" in eml and "Subject: Your work" in eml and "X-Unsent: 1" in eml
    assert not Message.objects.filter(sent__isnull=False).exists()


@pytest.fixture
def smtp_server() -> Iterator[tuple[MessageHandler, int]]:
    received: list[object] = []

    class Collect(MessageHandler):
        def handle_message(self, message: object) -> None:
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    handler.received = received  # type: ignore[attr-defined]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def test_sending_by_smtp_delivers_and_records(
    alex: Client, ana: Person, exploration: Exploration, smtp_server: tuple[MessageHandler, int]
) -> None:
    handler, port = smtp_server
    with override_settings(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    ):
        assert ">Send</button>" in alex.get(write_url(ana, "direct_request", exploration)).content.decode()
        alex.post(
            write_url(ana, "direct_request", exploration),
            {"subject": "Your work", "body": "Would you have 20 minutes?", "action": "send"},
        )
    [delivered] = handler.received  # type: ignore[attr-defined]
    assert delivered["To"] == "ana@acme.example" and delivered["Subject"] == "Your work"
    assert Message.objects.get().sent is not None


def test_no_message_is_drafted_to_a_sensitive_person(
    alex: Client, user: User, make_person: Callable[..., Person], exploration: Exploration
) -> None:
    boss = make_person(user, "Bea Boss", sensitive=True)
    response = alex.get(write_url(boss, "direct_request", exploration), follow=True)
    assert "marked sensitive" in response.content.decode()


def test_the_board_moves_people_between_stages(alex: Client, ana: Person, exploration: Exploration) -> None:
    entry = PipelineEntry.objects.create(exploration=exploration, person=ana)
    assert "Ana Ruiz" in alex.get(f"/explorations/{exploration.pk}/board/").content.decode()
    response = alex.post(f"/pipeline/{entry.pk}/stage/", {"stage": "replied"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    entry.refresh_from_db()
    assert entry.stage == "replied"
    alex.post(f"/pipeline/{entry.pk}/stage/", {"stage": "nonsense"})
    entry.refresh_from_db()
    assert entry.stage == "replied"


def test_a_meeting_is_scheduled_and_downloads_as_ics_with_a_reminder(
    alex: Client, ana: Person, exploration: Exploration
) -> None:
    response = alex.post(
        f"/people/{ana.pk}/meetings/new/",
        {
            "date": "2026-12-03",
            "time": "14:30",
            "time_zone": "Europe/Berlin",
            "minutes": "30",
            "video_link": "meet.example/abc",
            "exploration": exploration.pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts == datetime(2026, 12, 3, 14, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert PipelineEntry.objects.get(person=ana).stage == "scheduled"
    calendar = Calendar.from_ical(alex.get(f"/meetings/{meeting.pk}.ics").content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 12, 3, 14, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert "Ana Ruiz" in str(event["summary"]) and calendar.walk("VALARM")
    bad = alex.post(
        f"/people/{ana.pk}/meetings/new/",
        {"date": "2026-12-03", "time": "14:30", "time_zone": "Mars/Base", "minutes": "30"},
    )
    assert "is not a time zone" in bad.content.decode() and Meeting.objects.count() == 1


def test_the_private_calendar_feed_works_without_sign_in_until_revoked(
    alex: Client, user: User, ana: Person
) -> None:
    Meeting.objects.create(
        owner=user, person=ana, starts=datetime(2026, 12, 3, 13, 0, tzinfo=ZoneInfo("UTC"))
    )
    alex.post("/account/calendar/")
    token = CalendarFeed.objects.get().token
    anonymous = Client()
    feed = anonymous.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and b"Informational interview with Ana Ruiz" in feed.content
    alex.post("/account/calendar/", {"action": "revoke"})
    assert anonymous.get(f"/calendar/{token}.ics").status_code == 404


def test_another_users_outreach_is_not_found(
    client_for: Callable[[User], Client], user: User, other_user: User, ana: Person, exploration: Exploration
) -> None:
    entry = PipelineEntry.objects.create(exploration=exploration, person=ana)
    meeting = Meeting.objects.create(
        owner=user, person=ana, starts=datetime(2026, 12, 3, 13, 0, tzinfo=ZoneInfo("UTC"))
    )
    sam = client_for(other_user)
    for url in (
        write_url(ana, "direct_request", exploration),
        f"/explorations/{exploration.pk}/board/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}.ics",
        f"/people/{ana.pk}/meetings/new/",
    ):
        assert sam.get(url).status_code == 404, url
    assert sam.post(f"/pipeline/{entry.pk}/stage/", {"stage": "declined"}).status_code == 404
    entry.refresh_from_db()
    assert entry.stage == "identified"
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_a_second_request_within_the_cool_down_is_flagged(
    alex: Client, ana: Person, exploration: Exploration
) -> None:
    alex.post(
        write_url(ana, "direct_request", exploration),
        {"subject": "Hello", "body": "Would you have 20 minutes?", "action": "mark_sent"},
    )
    page = alex.get(write_url(ana, "direct_request", exploration)).content.decode()
    assert "You asked Ana Ruiz on" in page and "ask again from" in page


def test_a_referred_request_names_the_likely_referrer(
    alex: Client, user: User, ana: Person, exploration: Exploration, make_person: Callable[..., Person]
) -> None:
    from coffeechat.network.services import connect

    connect(make_person(user, "Dev Patel", tie_strength=3), ana, 3, "")
    page = alex.get(write_url(ana, "referred_request", exploration)).content.decode()
    assert "Dev suggested I reach out" in page and "Dev Patel suggested I reach out to you" in page


@pytest.mark.parametrize(
    ("starts", "zone"),
    [
        (datetime(9999, 12, 31, 23, 50, tzinfo=ZoneInfo("UTC")), "UTC"),
        (datetime(9999, 12, 31, 12, 0, tzinfo=ZoneInfo("UTC")), "Pacific/Kiritimati"),
        (datetime(1, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC")), "America/New_York"),
        (datetime(2026, 12, 3, 13, 0, tzinfo=ZoneInfo("UTC")), "Mars/Base"),
    ],
    ids=["end after 9999", "zone after 9999", "zone before year 1", "unknown zone"],
)
def test_a_meeting_stored_at_the_edge_of_time_still_downloads_and_feeds(
    alex: Client, user: User, ana: Person, starts: datetime, zone: str
) -> None:
    meeting = Meeting.objects.create(owner=user, person=ana, starts=starts, time_zone=zone, minutes=240)
    [event] = Calendar.from_ical(alex.get(f"/meetings/{meeting.pk}.ics").content).walk("VEVENT")
    assert event.decoded("dtstart") == starts and "Ana Ruiz" in str(event["summary"])
    alex.post("/account/calendar/")
    feed = Client().get(f"/calendar/{CalendarFeed.objects.get().token}.ics")
    assert feed.status_code == 200 and b"Informational interview with Ana Ruiz" in feed.content


def test_a_subject_or_sender_name_with_a_line_break_is_refused_and_never_breaks_a_download(
    alex: Client, user: User, ana: Person, exploration: Exploration
) -> None:
    url = write_url(ana, "direct_request", exploration)
    page = alex.post(url, {"subject": "Hi\r\nBcc: all@example.org", "body": "20 minutes?", "action": "eml"})
    assert page["Content-Type"].startswith("text/html")
    assert "Write this on one line: take out the line break." in page.content.decode()
    for where, data in (
        ("/profile/", {"full_name": "Sam\nBcc: all@example.org", "next_person_after": 3, "nudge_after": 7}),
        ("/messages/templates/direct_request/", {"subject": "Hello\n{first_name}", "body": "Hi"}),
    ):
        assert "Write this on one line" in alex.post(where, data).content.decode(), where
    # Stored before the forms refused them (or restored from elsewhere): folded onto one line.
    Profile.objects.filter(owner=user).update(full_name="Sam\r\nRivera")
    Person.objects.filter(pk=ana.pk).update(name="Ana\nRuiz")
    eml = alex.post(url, {"subject": "Your work", "body": "20 minutes?", "action": "eml"}).content.decode()
    assert "From: Sam Rivera <sam@example.org>" in eml and "To: Ana Ruiz <ana@acme.example>" in eml
    assert Profile.objects.get(owner=user).full_name == "Sam\r\nRivera"
