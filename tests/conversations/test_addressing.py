"""Every draft goes to the right person, and nothing unfinished or private goes out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.models import Meeting, MeetingNotes, Message, PipelineEntry, Referral
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Organization, Person
from coffeechat.network.services import connect
from coffeechat.outreach.checks import check_message
from coffeechat.outreach.models import Profile


def test_an_introduction_request_goes_to_the_introducer_the_user_chooses(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez", tie_strength=3)
    ken = make_person(user, "Ken Ito", tie_strength=1)
    priya = make_person(user, "Priya Rao", tie_strength=None, title="UX Researcher")
    connect(maria, priya, 3, "")
    connect(ken, priya, 1, "")
    exploration = Exploration.objects.create(owner=user, text="UX research")
    page = alex.get(
        f"/people/{priya.pk}/write/?kind=intro_request&exploration={exploration.pk}"
    ).content.decode()
    # Best path first, and the draft is addressed to that introducer, about Priya.
    assert page.index("You → Maria Lopez → Priya Rao") < page.index("You → Ken Ito → Priya Rao")
    assert f'To <a href="/people/{maria.pk}/">Maria Lopez</a>' in page
    url = f"/people/{priya.pk}/write/?kind=intro_request&exploration={exploration.pk}&via={ken.pk}"
    assert f'To <a href="/people/{ken.pk}/">Ken Ito</a>' in alex.get(url).content.decode()
    alex.post(url, {"subject": "Intro?", "body": "Hi Ken, would you introduce me?", "action": "mark_sent"})
    message = Message.objects.get()
    assert (message.person, message.about) == (ken, priya)
    assert PipelineEntry.objects.get(person=priya).stage == "intro_asked"
    # Someone who is not on a path cannot be chosen.
    stranger = make_person(user, "Stranger")
    bad = f"/people/{priya.pk}/write/?kind=intro_request&via={stranger.pk}"
    assert alex.get(bad).status_code == 302


def test_thanks_for_an_introduction_go_to_the_introducer(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez", tie_strength=3)
    priya = make_person(user, "Priya Rao", tie_strength=None)
    connect(maria, priya, 3, "")
    response = alex.get(f"/people/{priya.pk}/write/?kind=thank_introducer")
    assert response.status_code == 302  # no one was asked: there is no one to thank yet
    Message.objects.create(
        owner=user, person=maria, about=priya, kind="intro_request", body="…", sent=timezone.now()
    )
    page = alex.get(f"/people/{priya.pk}/write/?kind=thank_introducer").content.decode()
    assert "Thank you for introducing me to Priya" in page and "Maria Lopez</a>" in page.split("</hgroup>")[0]


def test_a_referred_request_names_the_referrer_from_the_referral(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Shah")
    strong = make_person(user, "Sam Strong", tie_strength=3)
    lena = make_person(
        user, "Lena Fischer", tie_strength=None, title="UX Researcher", org="Boston Children's"
    )
    connect(strong, lena, 3, "")  # a stronger tie, but Dev is who referred her
    meeting = Meeting.objects.create(owner=user, person=dev, starts=timezone.now() - timedelta(days=1))
    Referral.objects.create(meeting=meeting, person=lena)
    page = alex.get(f"/people/{lena.pk}/write/?kind=referred_request").content.decode()
    assert "Dev suggested I reach out" in page and "Dev Shah suggested I reach out to you" in page


def test_a_thank_you_quotes_a_chosen_passage_and_placeholders_block_sending(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    Profile.objects.create(owner=user, full_name="Alex Doe")
    ana = make_person(user, "Ana Ruiz", title="Designer", org="Acme")
    exploration = Exploration.objects.create(owner=user, text="design")
    meeting = Meeting.objects.create(
        owner=user, person=ana, exploration=exploration, starts=timezone.now() - timedelta(hours=3)
    )
    MeetingNotes.objects.create(meeting=meeting, text="Start with a portfolio of three projects")
    base = f"/people/{ana.pk}/write/?kind=thank_you&meeting={meeting.pk}&exploration={exploration.pk}"
    page = alex.get(base).content.decode()
    assert "[quote]" in page and "Fill in [quote] before sending." in page
    response = alex.post(
        base, {"subject": "Thanks", "body": "What you said ([quote]) helped.", "action": "mark_sent"}
    )
    assert response.status_code == 200 and "Not recorded: fill in [quote] first" in response.content.decode()
    assert not Message.objects.exists()
    page = alex.get(base + "&quote=0").content.decode()
    assert "“Start with a portfolio of three projects”" in page and "Fill in" not in page
    # A thank-you needs no question; a request does.
    assert not [
        f for f in check_message("thank_you", "Thanks", "Thank you for the time.") if "question" in f.message
    ]
    assert not [
        f for f in check_message("check_in", "News", "I started the course.") if "question" in f.message
    ]
    assert [f for f in check_message("direct_request", "Hi", "I found your work.") if "question" in f.message]


def test_a_sensitive_organization_blocks_drafts_to_its_people(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    boss = make_person(user, "Bo Boss", org="My Employer")
    Organization.objects.filter(name="My Employer").update(sensitive=True)
    response = alex.get(f"/people/{boss.pk}/write/?kind=direct_request", follow=True)
    page = response.content.decode()
    assert "works at My Employer, which you marked sensitive" in page
    assert not Message.objects.exists()
    # Not even by posting the form directly.
    alex.post(
        f"/people/{boss.pk}/write/?kind=direct_request",
        {"subject": "Hi", "body": "Hi?", "action": "mark_sent"},
    )
    assert not Message.objects.exists()


def test_a_draft_without_an_exploration_named_is_for_the_one_they_are_listed_on(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    priya = make_person(user, "Priya Rao", title="UX Researcher")
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    PipelineEntry.objects.create(exploration=exploration, person=priya)
    page = alex.get(f"/people/{priya.pk}/write/?kind=direct_request").content.decode()
    assert "· UX research in health care" in page and "[exploration]" not in page


def test_a_thank_you_for_a_meeting_outside_any_list_is_recorded_and_moves_no_list(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    priya = make_person(user, "Priya Rao", title="UX Researcher")
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    PipelineEntry.objects.create(exploration=exploration, person=priya)  # only identified there
    held = timezone.now() - timedelta(days=1)
    meeting = Meeting.objects.create(owner=user, person=priya, starts=held, held=held)
    url = f"/people/{priya.pk}/write/?kind=thank_you&meeting={meeting.pk}"
    assert "· UX research in health care" in alex.get(url).content.decode()  # the wording borrows it
    body = {"subject": "Thank you", "body": "Thank you for your time yesterday.", "action": "mark_sent"}
    page = alex.post(url, body, follow=True).content.decode()
    assert "Not recorded" not in page
    sent = Message.objects.get(kind="thank_you")
    assert sent.sent is not None and sent.exploration is None
    assert PipelineEntry.objects.get().stage == "identified"
