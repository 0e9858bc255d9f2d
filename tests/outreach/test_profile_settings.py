"""The profile page's settings: the country whose holidays business days skip, and Today by email."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.outreach.models import Profile

pytestmark = pytest.mark.django_db
RULES = {"next_person_after": 3, "nudge_after": 7, "give_up_after_nudge": 5, "cool_down_days": 90}


def saved(alex: Client, **fields: Any) -> Profile | str:
    """The profile after the form was sent, or the page with its errors."""
    answer = alex.post("/profile/", RULES | fields)
    if answer.status_code != 302:
        return answer.content.decode()
    return Profile.objects.get(owner__username="alex")


def test_the_country_and_state_of_the_holidays_are_chosen_and_checked(alex: Client, user: User) -> None:
    page = alex.get("/profile/").content.decode()
    assert '<option value="DE">Germany (DE)</option>' in page and "None (weekends only)" in page
    profile = saved(alex, holiday_country="DE", holiday_subdivision="by")
    assert isinstance(profile, Profile)
    assert (profile.holiday_country, profile.holiday_subdivision) == ("DE", "BY")
    page = saved(alex, holiday_country="DE", holiday_subdivision="Texas")
    assert isinstance(page, str) and "&#x27;Texas&#x27; is not a subdivision of DE (e.g. BB, BE" in page
    page = saved(alex, holiday_country="XX")
    assert isinstance(page, str) and "XX is not a country whose holidays are known" in page
    page = saved(alex, holiday_subdivision="BY")
    assert isinstance(page, str) and "Choose the country first." in page
    assert Profile.objects.get(owner=user).holiday_subdivision == "BY"  # nothing changed


def test_today_by_email_is_turned_on_with_an_hour_and_an_address(
    alex: Client, user: User, settings: Any
) -> None:
    settings.EMAIL_HOST = ""
    page = alex.get("/profile/").content.decode()
    assert "Today by email" in page and "Mail cannot be sent yet: connect your own mail server" in page
    page = saved(alex, digest="on", digest_hour=7)
    assert isinstance(page, str) and "Give the address the digest goes to (or your email above)." in page
    assert not Profile.objects.get(owner=user).digest
    page = saved(alex, digest="on", digest_hour=24, email="alex@example.org")
    assert isinstance(page, str) and "24 is not an hour of the day (0 to 23)." in page
    profile = saved(alex, digest="on", digest_hour=7, email="alex@example.org")
    assert isinstance(profile, Profile) and (profile.digest, profile.digest_hour) == (True, 7)
    assert profile.digest_email == ""  # goes to the email above
    profile = saved(alex, digest_email="me@work.example.org")  # unticked: off, address kept
    assert isinstance(profile, Profile) and not profile.digest
    assert profile.digest_email == "me@work.example.org"
    settings.EMAIL_HOST = "mail.example.org"
    assert "Mail cannot be sent yet" not in alex.get("/profile/").content.decode()
