"""Importing a LinkedIn export through the web page, as a person would."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.imports import samples


def test_the_owner_previews_imports_and_undoes_a_linkedin_export(
    server: Server, page: Page, tmp_path: Path
) -> None:
    export = tmp_path / "Connections.csv"
    export.write_text(samples.LINKEDIN_CURRENT, encoding="utf-8")
    server.sign_in_owner(page)
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Contacts file").set_input_files(str(export))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: Connections.csv")).to_be_visible()
    expect(page.get_by_text("LinkedIn connections (Connections.csv)")).to_be_visible()
    expect(page.get_by_role("cell", name="Jane Goslee, CPA")).to_be_visible()
    page.get_by_role("button", name="Import 5 rows").click()
    expect(page.get_by_role("heading", name="Import: Connections.csv")).to_be_visible()
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.locator("#result-count")).to_have_text("5 people")
    page.go_back()
    page.get_by_role("button", name="Undo this import…").click()
    expect(page.get_by_text("5 people it added go")).to_be_visible()
    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_text("Undone: removed 5 people")).to_be_visible()
