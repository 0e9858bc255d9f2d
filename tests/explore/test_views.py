from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.conversations.models import Message, PipelineEntry
from coffeechat.explore.models import Exploration, OrganizationInterest
from coffeechat.network.models import Organization, Person
from coffeechat.network.services import connect

pytestmark = pytest.mark.django_db


def test_an_exploration_is_created_and_shows_whom_to_talk_to(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Uma UX", title="UX Researcher", org="Acme Health")
    response = alex.post(
        "/explorations/new/",
        {
            "text": "UX research in health care",
            "why": "I like people",
            "status": "exploring",
            "targets": "Acme Health, Globex",
            "off_limits": "My Employer",
        },
    )
    exploration = Exploration.objects.get()
    assert response["Location"] == f"/explorations/{exploration.pk}/"
    assert sorted(o.name for o in exploration.target_organizations.all()) == ["Acme Health", "Globex"]
    assert [o.name for o in exploration.excluded_organizations.all()] == ["My Employer"]
    page = alex.get(response["Location"]).content.decode()
    assert (
        "Uma UX" in page
        and "UX Researcher at Acme Health" in page
        and "at one of your target organizations" in page
    )


def test_an_exploration_needs_words(alex: Client) -> None:
    response = alex.post("/explorations/new/", {"text": "  ?! ", "status": "exploring"})
    assert "Say in a few words what you want to explore" in response.content.decode()
    assert not Exploration.objects.exists()


def test_suggestions_can_be_listed_or_hidden(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    uma = make_person(user, "Uma UX", title="UX Researcher")
    exploration = Exploration.objects.create(owner=user, text="UX research")
    page = alex.get(f"/explorations/{exploration.pk}/").content.decode()
    assert "Add to my list" in page and f'href="/explorations/{exploration.pk}/board/"' in page
    alex.post(f"/explorations/{exploration.pk}/list/{uma.pk}/")
    assert PipelineEntry.objects.get().stage == "identified"
    page = alex.get(f"/explorations/{exploration.pk}/").content.decode()
    suggestions = page.split("Whom to talk to")[1]
    assert "Add to my list" not in suggestions and "Identified" in suggestions
    assert "Ask them, or ask someone to introduce you" in suggestions
    alex.post(f"/explorations/{exploration.pk}/hide/{uma.pk}/")
    page = alex.get(f"/explorations/{exploration.pk}/").content.decode()
    suggestions, hidden = page.split("Whom to talk to")[1].split('id="hidden"')
    assert "Uma UX" not in suggestions and "Uma UX" in hidden and "Bring back" in hidden
    alex.post(f"/explorations/{exploration.pk}/unhide/{uma.pk}/")
    page = alex.get(f"/explorations/{exploration.pk}/").content.decode()
    assert "Uma UX" in page.split("Whom to talk to")[1] and 'id="hidden"' not in page


def test_the_organization_list_ranks_by_interest_and_contacts(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Uma UX", title="UX Researcher", org="Acme Health")
    make_person(user, "Rae UX", title="UX Researcher", org="Globex")
    make_person(user, "Ann", title="UX Designer", org="Globex")
    exploration = Exploration.objects.create(owner=user, text="UX research")
    page = alex.get(f"/explorations/{exploration.pk}/organizations/").content.decode()
    assert page.index("Globex") < page.index("Acme Health")
    acme = Organization.objects.get(name="Acme Health")
    alex.post(f"/explorations/{exploration.pk}/organizations/", {"organization": acme.pk, "score": "5"})
    assert OrganizationInterest.objects.get().score == 5
    page = alex.get(f"/explorations/{exploration.pk}/organizations/").content.decode()
    assert page.index("Acme Health") < page.index("Globex")


def test_the_person_page_shows_paths_and_starts_an_introduction(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    maria = make_person(user, "Maria", tie_strength=3)
    dev = make_person(user, "Dev", tie_strength=None)
    priya = make_person(user, "Priya", tie_strength=None)
    connect(maria, dev, 3, "")
    connect(dev, priya, 3, "")
    page = alex.get(f"/people/{priya.pk}/").content.decode()
    # the page comes first; its paths panel loads after it, and opens as a page of its own without htmx
    assert "How to reach Priya" in page and f'hx-get="/people/{priya.pk}/paths/"' in page
    panel = alex.get(f"/people/{priya.pk}/paths/", HTTP_HX_REQUEST="true").content.decode()
    assert "Ask Maria for an introduction" in panel and "<html" not in panel
    assert "Ask Maria for an introduction" in alex.get(f"/people/{priya.pk}/paths/").content.decode()
    exploration = Exploration.objects.create(owner=user, text="nursing")
    assert "ask Dev" in alex.get(f"/people/{priya.pk}/introduce/?via={maria.pk}").content.decode()
    response = alex.post(f"/people/{priya.pk}/introduce/", {"via": maria.pk, "exploration": exploration.pk})
    assert response["Location"] == (
        f"/people/{priya.pk}/write/?kind=intro_request&via={maria.pk}&exploration={exploration.pk}"
    )
    page = alex.get(response["Location"]).content.decode()
    assert "Could you introduce me to Priya?" in page and "To <a href" in page and "Maria</a>" in page
    alex.post(response["Location"], {"subject": "Intro?", "body": "Could you?", "action": "mark_sent"})
    assert PipelineEntry.objects.get(person=priya).stage == "intro_asked"
    assert Message.objects.get().person == maria and Message.objects.get().about == priya
    lonely = make_person(user, "Lonely", tie_strength=None)
    panel = alex.get(f"/people/{lonely.pk}/paths/").content.decode()
    assert "No one you know is known to know Lonely" in panel


def test_another_users_exploration_is_not_found(
    client_for: Callable[[User], Client], user: User, other_user: User, make_person: Callable[..., Person]
) -> None:
    exploration = Exploration.objects.create(owner=user, text="Hospital pharmacy careers")
    theirs = make_person(other_user, "Theirs")
    mine = make_person(user, "Mine")
    sam = client_for(other_user)
    for url in (
        f"/explorations/{exploration.pk}/",
        f"/explorations/{exploration.pk}/edit/",
        f"/explorations/{exploration.pk}/delete/",
        f"/explorations/{exploration.pk}/organizations/",
        f"/people/{mine.pk}/paths/",
    ):
        assert sam.get(url).status_code == 404, url
    assert sam.post(f"/explorations/{exploration.pk}/hide/{theirs.pk}/").status_code == 404
    alex = client_for(user)
    assert alex.post(f"/explorations/{exploration.pk}/list/{theirs.pk}/").status_code == 404
    assert alex.get(f"/people/{mine.pk}/introduce/?via={theirs.pk}").status_code == 404
    assert "Hospital pharmacy careers" not in sam.get("/explorations/").content.decode()


def test_the_short_form_needs_only_the_words(alex: Client, user: User) -> None:
    response = alex.post("/explorations/new/", {"text": "Becoming a pharmacist"})
    exploration = Exploration.objects.get()
    assert response.status_code == 302 and exploration.status == "exploring"


def test_a_malformed_id_is_a_404_not_a_crash(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    priya = make_person(user, "Priya", tie_strength=None)
    assert alex.get(f"/people/{priya.pk}/introduce/?via=abc").status_code == 404
    assert alex.post(f"/people/{priya.pk}/merge/", {"other": "x"}).status_code == 404
    assert alex.get("/imports/?network_of=-3").status_code == 404
