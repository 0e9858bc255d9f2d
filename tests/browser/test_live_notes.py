"""Live notes keep what was typed through a lost connection and a reload."""

import json
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server


def test_notes_typed_offline_survive_a_reload_and_reach_the_server(server: Server, page: Page) -> None:
    server.coffeechat(
        "people", "add", "--name", "Ana Ruiz", "--title", "UX Researcher", "--user", server.owner
    )
    people = json.loads(server.coffeechat("people", "list", "--json", "--user", server.owner).stdout)
    ana = next(p for p in people if p["name"] == "Ana Ruiz")
    server.sign_in_owner(page)
    page.goto(f"{server.url}/people/{ana['id']}/meetings/new/")
    when = datetime.now() + timedelta(days=1)
    page.get_by_label("Date").fill(when.strftime("%Y-%m-%d"))
    page.get_by_label("Time", exact=True).fill("14:30")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_role("link", name="Live notes").click()

    page.route("**/live/save/", lambda route: route.abort())  # the connection drops
    page.get_by_label("Free notes").fill("Portfolios matter more than degrees")
    expect(page.locator("#save-state")).to_contain_text("kept on this device")
    page.reload()
    expect(page.get_by_label("Free notes")).to_have_value("Portfolios matter more than degrees")

    page.unroute("**/live/save/")  # the connection is back
    page.get_by_label("Free notes").press("End")
    page.get_by_label("Free notes").type(".")
    expect(page.locator("#save-state")).to_have_text("Saved.")
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.get_by_label("Free notes")).to_have_value("Portfolios matter more than degrees.")
