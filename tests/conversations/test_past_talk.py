"""What was said before (LinkedIn, mail read) in suggestions and before asking someone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.models import Interaction
from coffeechat.explore.models import Exploration
from coffeechat.explore.suggest import suggest_people
from coffeechat.network.models import Person

pytestmark = pytest.mark.django_db


def _said(person: Person, direction: str, days_ago: int, n: int) -> None:
    Interaction.objects.create(
        owner_id=person.owner_id,
        person=person,
        at=timezone.now() - timedelta(days=days_ago),
        channel=Interaction.Channel.LINKEDIN,
        direction=direction,
        source_key=f"linkedin:test-{person.pk}-{n}",
    )


def test_who_answered_before_ranks_higher_and_who_was_just_written_to_lower(
    user: User, make_person: Callable[..., Person]
) -> None:
    quiet = make_person(user, "Quiet Pharmacist", title="Pharmacist", tie_strength=2)
    answered = make_person(user, "Answered Pharmacist", title="Pharmacist", tie_strength=2)
    waiting = make_person(user, "Waiting Pharmacist", title="Pharmacist", tie_strength=2)
    _said(answered, "sent", 400, 1)
    _said(answered, "received", 398, 2)
    _said(waiting, "sent", 10, 1)
    suggestions = suggest_people(Exploration.objects.create(owner=user, text="hospital pharmacy"))
    assert [s.name for s in suggestions] == ["Answered Pharmacist", "Quiet Pharmacist", "Waiting Pharmacist"]
    when = timezone.now() - timedelta(days=400)
    assert f"you last wrote to them in {when:%B %Y}; they answered" in suggestions[0].reasons
    assert any("and they have not answered yet" in r for r in suggestions[2].reasons)
    assert not any("wrote" in r for r in suggestions[1].reasons) and quiet.pk == suggestions[1].person_id


def test_asking_someone_written_to_lately_without_an_answer_is_flagged(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz", title="UX Researcher", emails=["ana@acme.example"])
    exploration = Exploration.objects.create(owner=user, text="UX research")
    url = f"/people/{ana.pk}/write/?kind=direct_request&exploration={exploration.pk}"
    assert "not answered yet" not in alex.get(url).content.decode()
    _said(ana, "sent", 20, 1)
    sent = timezone.now() - timedelta(days=20)
    day = f"{sent:%-d %b}" if sent.year == timezone.now().year else f"{sent:%-d %b %Y}"
    page = alex.get(url).content.decode()
    assert f"You wrote to Ana on LinkedIn on {day} and Ana has not answered yet." in page
    _said(ana, "received", 5, 2)  # she answered: no flag, and the person page says so
    assert "not answered yet" not in alex.get(url).content.decode()
    assert (
        f"You last wrote to Ana in {sent:%B %Y}; Ana answered."
        in alex.get(f"/people/{ana.pk}/").content.decode()
    )
