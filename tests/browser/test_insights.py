"""The insights page draws its charts (the screenshot is for looking at, not for asserting)."""

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server


def test_the_insights_page_renders_its_charts(server: Server, page: Page, tmp_path: Path) -> None:
    server.coffeechat(
        "people", "add", "--name", "Ana Ruiz", "--title", "Nurse Manager", "--user", server.owner
    )
    people = json.loads(server.coffeechat("people", "list", "--json", "--user", server.owner).stdout)
    ana = next(p for p in people if p["name"] == "Ana Ruiz")
    server.coffeechat("explore", "add", "Nursing leadership", "--user", server.owner)
    server.sign_in_owner(page)
    page.goto(f"{server.url}/people/{ana['id']}/write/?kind=direct_request")
    page.get_by_role("button", name="Mark as sent").click()
    page.goto(f"{server.url}/insights/")
    expect(page.get_by_role("heading", name="Pictures")).to_be_visible()
    for chart in ("chart-funnel", "chart-weeks", "chart-rates", "chart-replies"):
        canvas = page.locator(f"#{chart}")
        expect(canvas).to_be_visible()
        # Chart.js sizes the canvas once it has drawn on it.
        assert page.evaluate(f"document.getElementById('{chart}').width") > 0
    assert page.evaluate("typeof Chart !== 'undefined' && Object.keys(Chart.instances).length") == 4
    page.screenshot(path=str(tmp_path / "insights.png"), full_page=True)
