from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.network.models import Person, Tie

pytestmark = pytest.mark.django_db


def test_it_records_who_knows_whom_once_per_pair(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez")
    dev = make_person(user, "Dev Patel")
    alex.post(
        f"/people/{dev.pk}/ties/",
        {"other": maria.pk, "strength": "3", "context": "former teammates"},
    )
    alex.post(f"/people/{maria.pk}/ties/", {"other": dev.pk, "strength": "2", "context": "old teammates"})
    tie = Tie.objects.get()
    assert (tie.strength, tie.context) == (2, "old teammates")
    for person, other in ((maria, "Dev Patel"), (dev, "Maria Lopez")):
        assert other in alex.get(f"/people/{person.pk}/").content.decode()


def test_it_adds_a_new_person_known_only_through_someone(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez")
    alex.post(
        f"/people/{maria.pk}/ties/",
        {"new_name": "Priya Nair", "strength": "2", "context": "her manager"},
    )
    priya = Person.objects.get(name="Priya Nair")
    assert priya.tie_strength is None and priya.how_known == "referral"
    assert "You don't know Priya Nair directly" in alex.get(f"/people/{priya.pk}/").content.decode()


def test_it_refuses_a_tie_to_oneself_or_to_someone_elses_person(
    alex: Client, user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez")
    stranger = make_person(other_user, "Sam's friend")
    alex.post(f"/people/{maria.pk}/ties/", {"other": maria.pk, "strength": "2"})
    alex.post(f"/people/{maria.pk}/ties/", {"other": stranger.pk, "strength": "2"})
    alex.post(f"/people/{maria.pk}/ties/", {"strength": "2"})
    assert not Tie.objects.exists()
    page = alex.get(f"/people/{maria.pk}/").content.decode()
    assert "That person is not in your network." in page


def test_it_edits_and_removes_a_tie(alex: Client, user: User, make_person: Callable[..., Person]) -> None:
    maria, dev = make_person(user, "Maria Lopez"), make_person(user, "Dev Patel")
    alex.post(f"/people/{maria.pk}/ties/", {"other": dev.pk, "strength": "1"})
    tie = Tie.objects.get()
    alex.post(f"/people/{dev.pk}/ties/{tie.pk}/edit/", {"strength": "3", "context": "climbing partners"})
    tie.refresh_from_db()
    assert (tie.strength, tie.context) == (3, "climbing partners")
    # Removing asks first; asking changes nothing.
    asked = alex.get(f"/people/{maria.pk}/ties/{tie.pk}/delete/").content.decode()
    assert "Remove the tie between Maria Lopez and Dev Patel?" in asked and "climbing partners" in asked
    assert Tie.objects.exists()
    alex.post(f"/people/{maria.pk}/ties/{tie.pk}/delete/")
    assert not Tie.objects.exists()


def test_it_edits_the_users_own_tie_on_the_person_page(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Patel")
    alex.post(f"/people/{dev.pk}/tie/", {"tie_strength": "", "tie_context": "", "how_known": "online"})
    dev.refresh_from_db()
    assert dev.tie_strength is None and dev.how_known == "online"
    alex.post(
        f"/people/{dev.pk}/tie/",
        {
            "tie_strength": "3",
            "tie_context": "climbing",
            "how_known": "friend",
            "known_since": "2020-05-01",
        },
    )
    dev.refresh_from_db()
    assert (dev.tie_strength, dev.tie_context, str(dev.known_since)) == (
        3,
        "climbing",
        "2020-05-01",
    )


def test_the_list_of_ties_shows_each_person_strength_and_context_as_written(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Patel")
    odd = make_person(user, 'Ana <b>"Bo"</b> & Co', title="<i>Lead</i>", org="Acme & <Sons>")
    plain = make_person(user, "Lee Kim")
    Tie.objects.create(owner=user, person_a=dev, person_b=odd, strength=3, context="<script>x</script>")
    Tie.objects.create(owner=user, person_a=dev, person_b=plain, strength=1)
    page = alex.get(f"/people/{dev.pk}/").content.decode()
    rows = page.split('id="ties"')[1].split("</tbody>")[0].split("<tr>")[2:]
    assert "Ana &lt;b&gt;&quot;Bo&quot;&lt;/b&gt; &amp; Co</a>" in rows[0] and "<script>" not in page
    assert "· &lt;i&gt;Lead&lt;/i&gt; at Acme &amp; &lt;Sons&gt;</span>" in rows[0]
    assert 'title="Strong: they would do me a favour">●●●</span>' in rows[0]
    assert "<td>&lt;script&gt;x&lt;/script&gt;</td>" in rows[0]
    assert 'aria-label="Remove the tie with Ana &lt;b&gt;&quot;Bo&quot;&lt;/b&gt; &amp; Co…"' in rows[0]
    assert "Lee Kim</a></td>" in rows[1] and 'title="Weak: we have met">●○○</span>' in rows[1]
    edit = Tie.objects.get(person_b=plain).pk
    assert f'href="/people/{dev.pk}/ties/{edit}/edit/"' in rows[1]


def test_it_finds_candidates_for_a_tie_while_typing_and_without_javascript(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria, _ = make_person(user, "Maria Lopez"), make_person(user, "Dev Patel", title="Engineer")
    fragment = alex.get(f"/people/{maria.pk}/ties/candidates/?tie_q=engin", headers={"HX-Request": "true"})
    assert "Dev Patel" in fragment.content.decode() and "<html" not in fragment.content.decode()
    full_page = alex.get(f"/people/{maria.pk}/?tie_q=dev").content.decode()
    assert 'name="other"' in full_page and "Dev Patel" in full_page
    assert "checked" not in full_page.split('id="tie-candidates"')[1].split("</fieldset>")[0]
    assert (
        f'value="{maria.pk}"'
        not in alex.get(
            f"/people/{maria.pk}/ties/candidates/?tie_q=maria", headers={"HX-Request": "true"}
        ).content.decode()
    )


def test_another_users_tie_is_not_found(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
) -> None:
    maria, dev = make_person(user, "Maria Lopez"), make_person(user, "Dev Patel")
    alex = client_for(user)
    alex.post(f"/people/{maria.pk}/ties/", {"other": dev.pk, "strength": "1"})
    tie = Tie.objects.get()
    sam = client_for(other_user)
    assert sam.get(f"/people/{maria.pk}/ties/{tie.pk}/edit/").status_code == 404
    assert sam.post(f"/people/{maria.pk}/ties/{tie.pk}/delete/").status_code == 404
    # A tie reached through a person it does not belong to is not found either.
    carol = make_person(user, "Carol King")
    assert alex.get(f"/people/{carol.pk}/ties/{tie.pk}/edit/").status_code == 404
    assert Tie.objects.exists()


def test_the_tie_picker_says_how_many_match_and_shows_more_on_demand(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria Lopez")
    for n in range(20):
        make_person(user, f"Engineer {n:02d}", title="Engineer")
    htmx = {"HX-Request": "true"}
    first = alex.get(f"/people/{maria.pk}/ties/candidates/?tie_q=engineer", headers=htmx).content.decode()
    assert "20 people match “engineer”: the first 8" in first and first.count('name="other"') == 8
    assert "tie_shown=16" in first and "Show more" in first
    more = alex.get(
        f"/people/{maria.pk}/ties/candidates/?tie_q=engineer&tie_shown=16", headers=htmx
    ).content.decode()
    assert more.count('name="other"') == 16 and "tie_shown=24" in more
    everyone = alex.get(f"/people/{maria.pk}/?tie_q=engineer&tie_shown=24").content.decode()
    assert everyone.count('name="other"') == 20 and "Show more" not in everyone
    # Opened without htmx (a link followed), the fragment's address gives the whole page.
    opened = alex.get(f"/people/{maria.pk}/ties/candidates/?tie_q=engineer&tie_shown=16")
    assert opened["Location"] == f"/people/{maria.pk}/?tie_q=engineer&tie_shown=16#ties"
    # Nothing is chosen for the user: adding with no one picked and no name is refused.
    alex.post(f"/people/{maria.pk}/ties/", {"strength": "2"})
    assert not Tie.objects.exists()
