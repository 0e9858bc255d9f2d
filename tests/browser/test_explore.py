"""Starting an exploration and seeing whom to talk to, in a real browser."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server


def test_the_owner_starts_an_exploration_and_sees_whom_to_talk_to(server: Server, page: Page) -> None:
    server.coffeechat(
        "people",
        "add",
        "--name",
        "Uma Lind",
        "--title",
        "UX Researcher",
        "--org",
        "Acme Health",
        "--user",
        server.owner,
    )
    server.coffeechat(
        "people", "add", "--name", "Carl Stone", "--title", "Research Chemist", "--user", server.owner
    )
    server.sign_in_owner(page)
    page.get_by_role("link", name="Explorations").click()
    page.get_by_label("What you want to explore").fill("user experience research in health care")
    page.get_by_role("button", name="Start exploring").click()
    expect(page.get_by_role("heading", name="user experience research in health care")).to_be_visible()
    suggestions = page.locator("ol.suggestions")
    expect(suggestions.get_by_role("link", name="Uma Lind")).to_be_visible()
    expect(suggestions).to_contain_text("UX Researcher at Acme Health")
    expect(suggestions).not_to_contain_text("Carl Stone")
    suggestions.get_by_role("button", name="Add to my list").first.click()
    expect(page.get_by_text("Uma Lind is on your list for this exploration.")).to_be_visible()
