"""Live notes for a real meeting: typed text survives, the clock is the server's, the plan fits a thumb."""

import json
import re
from datetime import datetime, timedelta

from playwright.sync_api import Browser, Page, expect

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


def _meeting_with_a_plan(server: Server, page: Page, name: str) -> str:
    """A meeting tomorrow at 15:00 UTC with the suggested plan saved; returns its address."""
    (person,) = json.loads(
        server.coffeechat("people", "add", "--name", name, "--json", "--user", server.owner).stdout
    )
    meeting = json.loads(
        server.coffeechat(
            "meetings", "add", str(person["id"]), "--at", "2026-12-03 15:00", "--json", "--user", server.owner
        ).stdout
    )
    url = f"{server.url}/meetings/{meeting['id']}/"
    page.goto(url + "plan/")
    page.get_by_role("button", name="Save the plan").click()
    return url


def test_the_clock_keeps_the_servers_start_stays_in_view_and_warns(
    server: Server, page: Page, browser: Browser
) -> None:
    server.set_time("2026-12-03T14:58:00+00:00")
    page.set_viewport_size({"width": 390, "height": 844})
    server.sign_in_owner(page)
    url = _meeting_with_a_plan(server, page, "Lena Berg")
    page.goto(url + "live/")
    clock = page.locator("#clock")
    expect(clock).to_have_text("Not started")
    page.get_by_role("button", name="Start the clock now").click()  # two minutes early
    expect(clock).to_have_text(re.compile(r"^(30:00|29:5\d)$"))
    expect(page.locator("#clock-note")).to_have_text("started 14:58")  # the meeting's zone, UTC
    page.get_by_role("button", name="Started five minutes earlier").click()
    expect(clock).to_have_text(re.compile(r"^(25:00|24:5\d)$"))
    expect(page.locator("#clock-note")).to_have_text("started 14:53")

    # Writing under the last question, far down the page: the clock is still on screen.
    last = page.locator("textarea[data-field^=answer]").last
    last.fill("Whom else: her manager, and the patient-safety lead")
    box = clock.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844

    # A reload, and a second device, count from the same start the server keeps.
    page.reload()
    expect(clock).to_have_text(re.compile(r"^(25:00|24:5\d)$"))
    other = browser.new_context()
    phone = other.new_page()
    server.sign_in_owner(phone)
    phone.goto(url + "live/")
    expect(phone.locator("#clock")).to_have_text(re.compile(r"^(25:00|24:5\d)$"))
    other.close()

    # Five minutes before the end, the page says so.
    server.set_time("2026-12-03T15:18:30+00:00")
    page.reload()
    expect(clock).to_have_class(re.compile("warning"))
    expect(page.get_by_role("alert")).to_contain_text("Five minutes left")
    server.set_time("")


def test_the_plan_page_works_by_thumb(server: Server, page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    server.sign_in_owner(page)
    url = _meeting_with_a_plan(server, page, "Tomas Ek")
    page.goto(url + "plan/")
    total = page.locator("#total")
    boxes = page.locator("input[name=question]")
    for index in (0, 5, boxes.count() - 2):
        box = boxes.nth(index)
        box.scroll_into_view_if_needed()
        # Nothing lies over the box: the point at its middle is the box itself.
        assert box.evaluate(
            """el => { const r = el.getBoundingClientRect();
                       return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; }"""
        )
        before, was = total.inner_text(), box.is_checked()
        box.click()
        assert box.is_checked() != was
        assert total.inner_text() != before
        # The running total, with its Save button, stays on screen while choosing.
        bar = page.locator(".plan-total").bounding_box()
        assert bar is not None and bar["y"] >= 0 and bar["y"] + bar["height"] <= 844
    expect(page.get_by_role("link", name="your question bank")).to_have_attribute("href", "/questions/")
