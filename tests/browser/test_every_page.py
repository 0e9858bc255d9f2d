"""Every page of a filled account, at a phone's width and a laptop's: nothing scrolls sideways, a
thumb can hit every control, and axe-core finds no serious or critical barrier.

The list of pages is read from the URL patterns, so a new page is visited without anyone adding it
here; a pattern whose parameters this file cannot fill fails the test until it can. The account is
filled from the real conformance files (a LinkedIn export, a vCard) plus `filling.py`'s awkward
cases. Screenshots of every page at both widths go to `build/screenshots/` (kept after the run,
for a person to look at). Screenshots run on SQLite alone and axe once, to keep CI short.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import Server, watch_for_csp_violations
from tests.processes import ONCE_PER_SUITE, ONCE_PER_SUITE_HERE

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO.parent / "shared" / "conformance"
SCREENSHOTS = Path(os.environ.get("COFFEECHAT_SCREENSHOTS", REPO / "build" / "screenshots"))
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}

# Screenshots run on one database, SQLite; axe once per test command, in the PostgreSQL pass (the
# SQLite pass, with the screenshots, is the longer), to keep CI under 15 minutes.
on_sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("COFFEECHAT_DATABASE_URL")), reason="screenshots run on one database (SQLite)"
)

# Routes that are not pages: they act on POST only, or answer with a file. A GET shows that.
# Pages that need more than their pattern's parameters: (which ids to use, a query string).
SPECIAL = {
    "conversations:introduce": ({"person_id": "referred_person_id"}, "?via={person_id}"),
    "community:join_invitation": ({"token": "join_token"}, ""),
}
# Extra addresses worth a look beyond one per pattern: the awkward cases and page states.
EXTRA = {
    "person-with-very-long-name": "/people/{long_person_id}/",
    "person-referred": "/people/{referred_person_id}/",
    "meeting-upcoming": "/meetings/{upcoming_meeting_id}/",
    "live-upcoming": "/meetings/{upcoming_meeting_id}/live/",
    "write-thank-you": "/people/{person_id}/write/?kind=thank_you&meeting={meeting_id}",
    "write-introduction": "/people/{person_id}/write/?kind=intro_request",
    "search-results": "/search/?q=health",
    "people-filtered": "/people/?q=engineer",
    "exploration-without-suggestions": "/explorations/{empty_exploration_id}/",
    "insights-report": "/insights/report/?exploration={exploration_id}",
    # community: another volunteer's page and the asking page (the owner's own is filled in), and
    # a request the owner sent, answered with a time (the owner's received one is still open)
    "community-another-volunteer": "/community/volunteers/{other_volunteer_id}/",
    "community-ask": "/community/volunteers/{other_volunteer_id}/ask/",
    "community-request-sent": "/community/requests/{sent_request_id}/",
    "directory-results": "/community/directory/?q=design+research&industry=health",
    "directory-for-an-exploration": "/community/directory/?exploration={exploration_id}",
}


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    staff_only: bool = False  # a plain member's visit is a 404 (community/access.py)


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, bool]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            staff = getattr(entry.callback, "staff_only", False)
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), staff


def pages_to_visit(ids: dict[str, Any]) -> list[Visit]:
    """One visit per URL pattern, with this account's ids; fails on a parameter it cannot fill."""
    visits = []
    for name, pattern, staff_only in _patterns(get_resolver()):
        values = dict(ids)
        query = ""
        if name == "accounts:signin":
            values["token"] = ids["signin_token"]
        if name in SPECIAL:
            renames, query = SPECIAL[name]
            values.update({key: ids[source] for key, source in renames.items()})
            query = query.format(**ids)

        def fill(match: re.Match[str], values: dict[str, Any] = values, name: str = name) -> str:
            key = match.group(1)
            assert key in values, f"{name}: no value for <{key}> in tests/browser/filling.py"
            return str(values[key])

        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, pattern) + query
        visits.append(Visit(name.replace(":", "-"), path, staff_only))
    visits += [Visit(name, path.format(**ids)) for name, path in EXTRA.items()]
    return visits


@pytest.fixture(scope="module")
def filled(server: Server) -> dict[str, Any]:
    connections = CONFORMANCE / "linkedin" / "synthetic-export" / "Connections.csv"
    server.coffeechat("import", str(connections), "--user", server.owner)
    server.coffeechat(
        "import", str(CONFORMANCE / "vcard" / "ez-vcard" / "gmail-list.vcf"), "--user", server.owner
    )
    out = server.coffeechat(
        "shell", "-c", f"from tests.browser.filling import main; main({server.owner!r})"
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# What a finger must be able to hit: controls and the menu's links (links inside running text are
# exempt, as WCAG 2.5.8 exempts inline targets). A checkbox or radio counts by its label.
SMALL_TARGETS = """() => {
  const small = [];
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const controls = "button, [role=button], select, textarea, summary, input:not([type=hidden])";
  document.querySelectorAll(controls + ", .site-menu a, .menu-button, .meeting-nav a").forEach((el) => {
    let target = el;
    if (el.matches("input[type=checkbox], input[type=radio]")) { target = el.closest("label") || el; }
    if (el.classList.contains("menu-toggle")) { return; }
    if (!seen(target)) { return; }
    const height = target.getBoundingClientRect().height;
    if (height < 43.5) { small.push(`${el.outerHTML.slice(0, 90)} is ${height.toFixed(0)} px high`); }
  });
  return small;
}"""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) { return []; }
  // Name the widest culprits: elements reaching past the right edge outside a scrolling box.
  const culprits = [];
  document.querySelectorAll("body *").forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !el.closest(".table-scroll, .overflow-auto")) {
      culprits.push(`${el.tagName.toLowerCase()}.${el.className} reaches ${r.right.toFixed(0)} px`);
    }
  });
  return [`page is ${document.documentElement.scrollWidth} px wide in ${width}`, ...culprits.slice(-5)];
}"""


def _controls_named_alike(page: Page) -> list[str]:
    """Controls a screen reader cannot tell apart: the same role and name twice on one page."""
    page.evaluate("document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    snapshot = page.locator("main").aria_snapshot()
    controls = re.findall(r'- (button|combobox|checkbox|radio|textbox|spinbutton) "([^"]*)"', snapshot)
    counts = Counter(controls)
    return [f'{count} controls named {role} "{name}"' for (role, name), count in counts.items() if count > 1]


def _context(browser: Browser, server: Server, width: str, **options: Any) -> BrowserContext:
    w, h = WIDTHS[width]
    return browser.new_context(viewport={"width": w, "height": h}, **options)


def _signed_in(context: BrowserContext, server: Server, user: str) -> Page:
    page = context.new_page()
    server.sign_in(page, user)
    return page


def _look(page: Page, server: Server, visit: Visit) -> tuple[int, str] | None:
    """Open one page; None when the address is an action or a file rather than a page."""
    probe = page.request.get(server.url + visit.path, max_redirects=0)
    if probe.status == 405 or "text/html" not in probe.headers.get("content-type", ""):
        return None
    response = page.goto(server.url + visit.path)
    assert response is not None
    return response.status, page.url


@on_sqlite_only
def test_every_page_fits_a_phone_and_a_laptop(
    server: Server, browser: Browser, filled: dict[str, Any]
) -> None:
    empty_user = "newcomer"
    server.coffeechat("createuser", empty_user, "--password-stdin", stdin="a long passphrase 42\n")
    problems: list[str] = []
    visited: dict[str, int] = {}
    for width in WIDTHS:
        for account, visits in (
            (server.owner, pages_to_visit(filled)),
            (
                empty_user,
                [
                    v
                    for v in pages_to_visit(filled)
                    if "{" not in v.path and "<" not in v.path and not v.staff_only
                ],
            ),
        ):
            context = _context(browser, server, width)
            page = _signed_in(context, server, account)
            csp = watch_for_csp_violations(page)
            folder = SCREENSHOTS / width / ("filled" if account == server.owner else "empty")
            folder.mkdir(parents=True, exist_ok=True)
            for visit in visits:
                if account == empty_user and re.search(r"\d", visit.path):
                    continue  # another account's records are 404s, tested elsewhere
                seen = _look(page, server, visit)
                if seen is None:
                    continue
                status, _ = seen
                visited[visit.name] = status
                where = f"{width} {account} {visit.name} ({visit.path})"
                if status != 200:
                    problems.append(f"{where}: status {status}")
                problems += [f"{where}: {p}" for p in page.evaluate(OVERFLOW)]
                if width == "phone":
                    problems += [f"{where}: {p}" for p in page.evaluate(SMALL_TARGETS)]
                page.screenshot(path=str(folder / f"{visit.name}.png"), full_page=True)
                if width == "desktop":
                    problems += [f"{where}: {p}" for p in _controls_named_alike(page)]
            problems += csp
            context.close()
    print(f"\nvisited {len(visited)} pages; screenshots in {SCREENSHOTS}")
    assert not problems, "\n".join(problems)


@on_sqlite_only
def test_the_menu_opens_with_one_tap_on_a_phone_and_needs_no_javascript(
    server: Server, browser: Browser, filled: dict[str, Any]
) -> None:
    for scripts in (True, False):
        context = _context(browser, server, "phone", java_script_enabled=scripts)
        page = _signed_in(context, server, server.owner)
        menu = page.get_by_role("navigation", name="Main")
        assert not menu.get_by_role("link", name="Your pitch").is_visible()
        menu.get_by_text("Menu", exact=True).click()
        for name in ("Today", "People", "Questions", "Your pitch", "Export"):
            assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
        assert menu.get_by_role("button", name="Sign out").is_visible()
        menu.get_by_role("link", name="Questions", exact=True).click()
        assert page.url.endswith("/questions/")
        context.close()


AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(" ")})`);
}"""


def _axe(page: Page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    return list(page.evaluate(AXE_RUN))


@pytest.mark.skipif(not ONCE_PER_SUITE_HERE, reason=ONCE_PER_SUITE)
def test_axe_finds_no_serious_or_critical_violation_on_any_page(
    server: Server, browser: Browser, filled: dict[str, Any]
) -> None:
    """Every page at the laptop width, where the whole menu shows; on the phone, the opened menu.

    The pages' content is the same markup at both widths (axe skips what is hidden), so one pass
    over every page and one look at the phone's own control keep this pass short.
    """
    # axe is injected as a script, which the policy rightly refuses: this pass alone bypasses it.
    axe = AXE.read_text(encoding="utf-8")
    problems: list[str] = []
    context = _context(browser, server, "desktop", bypass_csp=True)
    page = _signed_in(context, server, server.owner)
    for visit in pages_to_visit(filled):
        if _look(page, server, visit) is not None:
            problems += [f"desktop {visit.name}: {line}" for line in _axe(page, axe)]
    context.close()
    context = _context(browser, server, "phone", bypass_csp=True)
    page = _signed_in(context, server, server.owner)
    page.get_by_text("Menu", exact=True).click()
    problems += [f"phone, menu open: {line}" for line in _axe(page, axe)]
    context.close()
    assert not problems, "\n".join(problems)
