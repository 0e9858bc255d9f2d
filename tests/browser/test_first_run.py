"""A person's first minutes with coffeechat, in a real browser against the real server."""

import json

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server

SECOND_PASSWORD = "tea and biscuits 99"


def test_the_printed_link_signs_the_owner_in_and_works_only_once(server: Server, page: Page) -> None:
    page.goto(server.signin_link)
    expect(page.get_by_role("heading", name=f"Sign in as {server.owner}")).to_be_visible()
    page.reload()  # as a link preview would: looking does not use the link up
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your network")).to_be_visible()
    expect(page.get_by_text("Set a password on your account page")).to_be_visible()
    page.context.clear_cookies()
    page.goto(server.signin_link)
    expect(page.get_by_role("heading", name="This sign-in link cannot be used")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def test_the_owner_adds_a_person_and_finds_them_while_typing(server: Server, page: Page) -> None:
    server.sign_in_owner(page)
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Name").fill("Mária Ñúñez")
    page.get_by_label("Title").fill("User experience researcher")
    page.get_by_label("Organization").fill("Acme Health")
    page.get_by_label("Emails").fill("maria.nunez@example.org")
    page.get_by_label("Tags").fill("health, design")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Mária Ñúñez", exact=True)).to_be_visible()
    expect(page.get_by_text("maria.nunez@example.org")).to_be_visible()

    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Search", exact=True).press_sequentially("nunez resea", delay=40)
    expect(page.locator("#result-count")).to_have_text("1 match, best first")
    expect(page.locator("#results").get_by_role("link", name="Mária Ñúñez")).to_be_visible()
    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Search", exact=True).press_sequentially("zzzz", delay=40)
    expect(page.locator("#results")).to_contain_text("No one matches")

    header_search = page.get_by_role("searchbox", name="Search your network")
    header_search.press_sequentially("acme", delay=40)
    expect(page.locator("#quick-results").get_by_role("link", name="Mária Ñúñez")).to_be_visible()
    header_search.press("Enter")
    expect(page.locator("#results").get_by_role("link", name="Mária Ñúñez")).to_be_visible()


def test_a_second_user_does_not_see_the_owners_people(server: Server, page: Page) -> None:
    server.coffeechat("createuser", "robin", "--password-stdin", stdin=SECOND_PASSWORD + "\n")
    server.coffeechat("people", "add", "--name", "Dev Patel", "--org", "Acme", "--user", server.owner)
    owner_people = json.loads(server.coffeechat("people", "list", "--json", "--user", server.owner).stdout)
    assert "Dev Patel" in [p["name"] for p in owner_people]

    page.goto(server.url + "/login/")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill(SECOND_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Settings")).to_have_attribute("title", "Signed in as robin")
    page.goto(server.url + "/people/")
    expect(page.get_by_text("Your network is empty")).to_be_visible()
    page.goto(server.url + "/search/?q=acme")
    expect(page.get_by_text("No one matches")).to_be_visible()
    for person in owner_people:
        response = page.goto(f"{server.url}/people/{person['id']}/")
        assert response is not None and response.status == 404
