"""Community pages exist only in community mode, where every account belongs."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.community.models import Membership

pytestmark = pytest.mark.django_db


def test_community_pages_are_404_outside_community_mode_and_open_to_every_account_in_it(
    settings: Any,
) -> None:
    user = User.objects.create_user("sam", email="sam@example.edu")
    client = Client()
    client.force_login(user)
    settings.COMMUNITY_MODE = False
    assert client.get("/community/").status_code == 404
    assert "Community" not in client.get("/").content.decode().split("<main")[0]
    settings.COMMUNITY_MODE = True
    page = client.get("/community/")
    assert page.status_code == 200 and "nobody here, staff included, sees them" in page.content.decode()
    membership = Membership.objects.get(user=user)
    assert membership.role == "member" and membership.email == "sam@example.edu"
    assert 'href="/community/"' in client.get("/").content.decode()
