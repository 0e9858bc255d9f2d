"""A referral is matched against the network before anyone new is added."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.conversations.models import Meeting, PipelineEntry, Referral
from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person


def test_a_likely_match_is_offered_and_linked_in_one_click(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Shah")
    lena = make_person(
        user, "Lena Fischer", title="Senior UX Researcher", org="Boston Children's", tie_strength=None
    )
    exploration = Exploration.objects.create(owner=user, text="UX research in health care")
    meeting = Meeting.objects.create(
        owner=user, person=dev, exploration=exploration, starts=timezone.now() - timedelta(hours=1)
    )
    form = {"name": "Lena Fischer", "organization": "Boston Children's", "title": "UX Researcher"}
    page = alex.post(f"/meetings/{meeting.pk}/referrals/", form).content.decode()
    assert "Is this Lena Fischer, Senior UX Researcher at Boston Children" in page
    assert Person.objects.count() == 2 and not Referral.objects.exists()
    alex.post(f"/meetings/{meeting.pk}/referrals/", {**form, "match": str(lena.pk)})
    assert Person.objects.count() == 2
    assert Referral.objects.get().person == lena
    assert PipelineEntry.objects.get(person=lena).exploration == exploration
    # Someone else after all: a new person, on purpose.
    alex.post(
        f"/meetings/{meeting.pk}/referrals/",
        {"name": "Lena Fischer", "organization": "Elsewhere", "match": "new"},
    )
    assert Person.objects.filter(name="Lena Fischer").count() == 2
