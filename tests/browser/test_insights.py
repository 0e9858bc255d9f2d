"""The insights page draws its charts (the screenshot is for looking at, not for asserting), fits
a laptop screen, and shows confirmed items first."""

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


# Strict: every cell of every table shows, in the window and in the box around its table (no
# column hidden behind a scroll bar). Otherwise: the page never scrolls sideways, and a cell out of
# the window is in a table that scrolls inside its own box.
OVERFLOW = """
(strict) => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
  }
  for (const cell of document.querySelectorAll("main table th, main table td")) {
    const box = cell.getBoundingClientRect();
    const around = cell.closest("table").parentElement;
    const frame = around.getBoundingClientRect();
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(around).overflowX);
    const inWindow = box.left >= -1 && box.right <= width + 1;
    const inFrame = box.left >= frame.left - 1 && box.right <= frame.right + 1;
    if (strict ? inWindow && inFrame : inWindow || (scrolls && frame.right <= width + 1)) continue;
    const name = cell.textContent.trim().slice(0, 30);
    problems.push(`"${name}" spans ${Math.round(box.left)}-${Math.round(box.right)} px`);
  }
  return problems;
}
"""
OPEN_EVERY_DETAILS = "document.querySelectorAll('main details').forEach((d) => { d.open = true; })"


def test_insights_fit_a_laptop_screen_with_confirmed_items_first(server: Server, page: Page) -> None:
    fill = f"from tests.browser.insights_filling import fill; fill({json.dumps(server.owner)})"
    server.coffeechat("shell", "-c", fill)
    server.sign_in_owner(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{server.url}/insights/")
    coming_up = page.locator("#coming-up tbody tr")
    expect(coming_up.first).to_contain_text("unconfirmed")
    # Every column of every table shows at 1366 px, without scrolling the page or a table, with
    # every Edit form and table of numbers open too.
    assert page.evaluate(OVERFLOW, True) == []
    page.evaluate(OPEN_EVERY_DETAILS)
    assert page.evaluate(OVERFLOW, True) == []
    page.reload()
    figma = coming_up.filter(has=page.locator(".item-label", has_text="Figma"))
    expect(figma).to_have_count(1)  # a tool named in answers, and an organization in the notes: one item
    expect(figma.locator("td").nth(1)).to_have_text("Skills")
    figma.get_by_text("Edit").click()
    figma.get_by_role("button", name="Confirm").click()
    first = page.locator("#coming-up tbody tr").first
    expect(first.locator(".item-label")).to_have_text("Figma")
    expect(first.locator(".badge")).to_have_text("confirmed")
    expect(page.locator("#coming-up tbody tr").nth(1).locator(".badge")).to_have_text("unconfirmed")
    # On a narrower window the tables scroll in their own box; the page itself never does.
    page.set_viewport_size({"width": 900, "height": 900})
    page.evaluate(OPEN_EVERY_DETAILS)
    assert page.evaluate(OVERFLOW, False) == []
    page.goto(f"{server.url}/insights/report/")
    assert page.evaluate(OVERFLOW, True) == []
    report_items = page.locator(".report-items li")
    expect(report_items.first).to_contain_text("Figma")
    expect(report_items.first).to_contain_text("confirmed")
    expect(report_items.nth(1)).to_contain_text("unconfirmed")
