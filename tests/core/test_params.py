"""Numbers typed into addresses: anything odd is "not given", never a crash page."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.core.params import positive_int
from coffeechat.network.models import Person

ODD = ["", "abc", "-1", "0", "²", "١٢", "1.5", " 7 ", "9" * 5000]


def test_only_plain_positive_numbers_are_read() -> None:
    assert [positive_int(v) for v in ODD] == [None, None, None, None, None, None, None, 7, None]
    assert positive_int("42") == 42


@pytest.mark.django_db
def test_pages_with_odd_numbers_in_the_address_still_answer(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    ana = make_person(user, "Ana Ruiz")
    for odd in ("²", "9" * 5000, "abc"):
        for path in (
            f"/people/{ana.pk}/?tie_q=a&tie_shown={odd}",
            f"/people/{ana.pk}/?exploration={odd}",
            f"/people/{ana.pk}/meetings/new/?exploration={odd}",
            f"/people/{ana.pk}/write/?kind=direct_request&quote={odd}",
            f"/insights/report/?exploration={odd}",
            f"/export/people.csv?ids={odd}",
        ):
            assert alex.get(path).status_code == 200, path
