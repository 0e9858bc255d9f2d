from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.network.models import EmailAddress, Organization, Person, Tie
from coffeechat.network.services import connect

pytestmark = pytest.mark.django_db


def test_it_requires_sign_in(client: Client) -> None:
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_adds_a_person_with_everything_they_have(alex: Client, user: User) -> None:
    response = alex.post(
        "/people/new/",
        {
            "name": "  María   Álvarez ",
            "title": "UX Researcher",
            "organization_name": "Acme Health",
            "emails": "maria@example.org\nMARIA@example.org, m.alvarez@example.net",
            "phones": "(415) 555-0132",
            "links": "linkedin.com/in/Maria-Alvarez",
            "tag_names": "design, health, Design",
            "how_known": "classmate",
            "known_since": "2019-09-01",
            "tie_strength": "3",
            "tie_context": "same cohort",
            "notes": "Moved from nursing to research.",
            "location": "Lyon",
        },
    )
    person = Person.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert person.name == "María Álvarez" and person.name_key == "maria alvarez"
    assert person.organization.name == "Acme Health"
    assert [e.address for e in person.emails.all()] == [
        "maria@example.org",
        "m.alvarez@example.net",
    ]
    assert [p.e164 for p in person.phones.all()] == ["+14155550132"]
    assert [link.url for link in person.links.all()] == ["https://www.linkedin.com/in/maria-alvarez"]
    assert sorted(t.name for t in person.tags.all()) == ["design", "health"]
    page = alex.get(response["Location"]).content.decode()
    assert "UX Researcher" in page and "+1 415-555-0132" in page and "same cohort" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "This field is required"),
        ("name", "!!!", "needs at least one letter or digit"),
        ("name", "x" * 201, "at most 200 characters"),
        (
            "emails",
            "ok@example.org\nnot-an-email",
            "Line 2: &#x27;not-an-email&#x27; is not an email address",
        ),
        ("phones", "12", "not a possible phone number"),
        ("links", "javascript:alert(1)", "is not a web address"),
        ("links", "https://www.linkedin.com:m/in/x", "Link 1: &#x27;https://www.linkedin.com:m/in/x&#x27;"),
        ("links", "ok.example\nhttp://[x", "Link 2: &#x27;http://[x&#x27; is not a web address"),
        ("known_since", "2999-01-01", "in the future"),
        ("known_since", "1850-01-01", "before 1900"),
        ("tie_strength", "7", "Select a valid choice"),
        ("how_known", "enemy", "Select a valid choice"),
    ],
)
def test_it_rejects_bad_input_with_a_clear_message_and_saves_nothing(
    alex: Client, field: str, value: str, message: str
) -> None:
    data = {"name": "Dev Patel", "tie_strength": "2", field: value}
    response = alex.post("/people/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists() and not Organization.objects.exists()


def test_it_edits_a_person_and_keeps_their_emails_in_the_form(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Patel", org="Acme", emails=["dev@example.org"])
    form_page = alex.get(f"/people/{dev.pk}/edit/").content.decode()
    assert "dev@example.org" in form_page and 'value="Acme"' in form_page
    alex.post(
        f"/people/{dev.pk}/edit/",
        {
            "name": "Dev Patel",
            "title": "Staff Engineer",
            "organization_name": "Globex",
            "emails": "dev@globex.example",
            "tie_strength": "1",
        },
    )
    dev.refresh_from_db()
    assert dev.title == "Staff Engineer" and dev.organization.name == "Globex" and dev.tie_strength == 1
    assert [e.address for e in dev.emails.all()] == ["dev@globex.example"]


def test_it_deletes_a_person_and_everything_about_them_after_confirmation(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    dev = make_person(user, "Dev Patel", emails=["dev@example.org"], tags=["mentor"])
    maria = make_person(user, "Maria Lopez")
    connect(dev, maria, 3, "teammates")
    confirm = alex.get(f"/people/{dev.pk}/delete/")
    assert "1 tie" in confirm.content.decode() and Person.objects.filter(pk=dev.pk).exists()
    response = alex.post(f"/people/{dev.pk}/delete/")
    assert response.status_code == 302
    assert not Person.objects.filter(pk=dev.pk).exists()
    assert not EmailAddress.objects.exists() and not Tie.objects.exists()
    assert Person.objects.filter(pk=maria.pk).exists()
    assert "Dev" not in alex.get("/search/?q=dev", headers={"HX-Request": "true"}).content.decode()


def test_it_lists_people_by_name_with_filters(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "Zoe Zhang", org="Acme", how_known="friend", tags=["design"])
    make_person(user, "Adam Ames", org="Globex", how_known="alumni")
    page = alex.get("/people/").content.decode()
    assert page.index("Adam Ames") < page.index("Zoe Zhang")
    assert "Adam" not in alex.get("/people/?org=acm").content.decode()
    assert "Zoe" not in alex.get("/people/?how=alumni").content.decode()
    tag_id = user.pk and Person.objects.get(name="Zoe Zhang").tags.get().pk
    filtered = alex.get(f"/people/?tag={tag_id}").content.decode()
    assert "Zoe Zhang" in filtered and "Adam Ames" not in filtered


def test_the_people_table_shows_each_persons_tags_in_order_on_every_page_it_is_on(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    zoe = make_person(user, "Zoe Zhang", org="Acme", tags=["mentor", "Design", "alumni"])
    make_person(user, "Adam Ames", org="Acme")
    make_person(user, "Kim Ames", org="Acme", tags=["design"])  # the same tag, under Zoe's spelling
    badges = '<span class="badge tag">alumni</span><span class="badge tag">Design</span>'
    badges += '<span class="badge tag">mentor</span>'

    def tags_of(page: str, name: str) -> str:
        row = page[page.index(name) :]
        row = row[: row.index("</tr>")]
        return row[row.index('<td data-label="Tags">') :].strip()

    assert zoe.organization is not None
    for address in ("/people/", f"/organizations/{zoe.organization.pk}/", "/search/?q=acme"):
        page = alex.get(address).content.decode()
        assert tags_of(page, "Zoe Zhang") == f'<td data-label="Tags">{badges}</td>', address
        assert tags_of(page, "Adam Ames") == '<td data-label="Tags"></td>', address
        assert tags_of(page, "Kim Ames") == '<td data-label="Tags"><span class="badge tag">Design</span></td>'


def test_it_answers_htmx_with_the_results_only(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    make_person(user, "José Álvarez", title="Data engineer")
    response = alex.get("/people/?q=jose", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "José Álvarez" in body and "<html" not in body and "1 match" in body


def test_another_users_person_is_not_found(
    client_for: Callable[[User], Client],
    user: User,
    other_user: User,
    make_person: Callable[..., Person],
) -> None:
    dev = make_person(user, "Dev Patel")
    sam = client_for(other_user)
    for url in (
        f"/people/{dev.pk}/",
        f"/people/{dev.pk}/edit/",
        f"/people/{dev.pk}/delete/",
        f"/people/{dev.pk}/ties/candidates/?tie_q=a",
    ):
        assert sam.get(url).status_code == 404, url
    assert sam.post(f"/people/{dev.pk}/delete/").status_code == 404
    assert sam.post(f"/people/{dev.pk}/tie/", {"tie_strength": "3"}).status_code == 404
    assert "Dev Patel" not in sam.get("/people/").content.decode()
    assert "Dev Patel" not in sam.get("/search/?q=dev").content.decode()
    assert Person.objects.filter(pk=dev.pk).exists()


def test_the_header_search_answers_with_a_short_list_while_typing(
    alex: Client, user: User, make_person: Callable[..., Person]
) -> None:
    for n in range(10):
        make_person(user, f"Jordan Example {n}", org="Acme")
    quick = alex.get("/search/?q=jord&quick=1", headers={"HX-Request": "true"}).content.decode()
    assert quick.count("Jordan Example") == 6 and "All results for" in quick and "<html" not in quick
    full = alex.get("/search/?q=jord").content.decode()
    assert full.count("Jordan Example") == 10


def test_links_to_people_and_organizations_follow_the_address_the_app_is_served_under() -> None:
    from django.urls import get_script_prefix, set_script_prefix

    from coffeechat.network.models import Organization, Person

    before = get_script_prefix()
    try:
        assert Person(pk=7).get_absolute_url() == "/people/7/"
        set_script_prefix("/coffeechat/")  # behind a reverse proxy, under a path
        assert Person(pk=7).get_absolute_url() == "/coffeechat/people/7/"
        assert Organization(pk=3).get_absolute_url() == "/coffeechat/organizations/3/"
    finally:
        set_script_prefix(before)
