from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.network.models import Person
from coffeechat.network.services import PersonDetails, save_person


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create_user("alex", password="a long passphrase 42")


@pytest.fixture
def other_user(db: None) -> User:
    return User.objects.create_user("sam", password="another passphrase 42")


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(account: User) -> Client:
        client = Client()
        client.force_login(account)
        return client

    return make


@pytest.fixture
def alex(client_for: Callable[[User], Client], user: User) -> Client:
    """A browser session signed in as `user`."""
    return client_for(user)


@pytest.fixture
def make_person(db: None) -> Callable[..., Person]:
    def make(
        owner: User,
        name: str,
        *,
        org: str = "",
        tags: list[str] | None = None,
        emails: list[str] | None = None,
        **fields: Any,
    ) -> Person:
        fields.setdefault("tie_strength", 2)
        details = PersonDetails(organization_name=org, tags=tags or [], emails=emails or [])
        return save_person(Person(name=name, **fields), owner, details)

    return make
