"""The whole practice, one exploration from import to insights, in the order of PRODUCT.md's steps.

Time moves through the server's clock (COFFEECHAT_CLOCK_FILE), never by back-dating rows, and the
board's manual stage control is never used: the board must move by itself.
"""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server

CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Maria,Lopez,https://www.linkedin.com/in/maria-lopez-ux,maria@example.org,Acme Health,UX Designer,12 Jan 2021
Omar,Haddad,https://www.linkedin.com/in/omar-haddad,,Globex,Accountant,03 Mar 2019
"""


def _board_column(page: Page, server: Server, board: str, name: str) -> None:
    page.goto(board)
    column = page.locator("section.board-column").filter(has=page.get_by_role("link", name="Priya Rao"))
    expect(column.get_by_role("heading")).to_contain_text(name)


def test_one_exploration_from_import_to_insights(server: Server, page: Page, tmp_path: Path) -> None:
    server.set_time("2026-03-02T09:00:00+00:00")  # a Monday
    server.sign_in_owner(page)
    # Your pitch, so drafts are signed.
    page.get_by_role("link", name="Your pitch").click()
    page.get_by_label("Your name").fill("Alex Doe")
    page.get_by_label("Your pitch").fill("I am a nurse moving into user research.")
    page.get_by_role("button", name="Save").click()

    # 2. Find people: the user's own network comes in from LinkedIn.
    export = tmp_path / "Connections.csv"
    export.write_text(CONNECTIONS, encoding="utf-8")
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Contacts file").set_input_files(str(export))
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Import 2 rows").click()
    # Maria knows Priya, whom the user does not know.
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Maria Lopez").first.click()
    page.locator("input[name=new_name]").fill("Priya Rao")
    page.get_by_role("button", name="Add tie").click()

    # 1. Decide what to explore.
    page.get_by_role("link", name="Explorations").first.click()
    page.goto(server.url + "/explorations/new/")
    page.get_by_label("What you want to explore").fill("UX research in health care")
    page.get_by_role("button", name="Save").click()
    exploration_url = page.url
    board = exploration_url + "board/"

    # 3. Get introduced: the draft goes to Maria, about Priya.
    page.goto(server.url + "/people/")
    page.get_by_role("link", name="Priya Rao").first.click()
    page.get_by_role("button", name="Ask Maria Lopez for an introduction").click()
    page.get_by_role("button", name="Write to Maria Lopez").click()
    expect(page.locator("hgroup")).to_contain_text("To Maria Lopez")
    expect(page.locator("hgroup")).to_contain_text("about Priya Rao")
    page.get_by_role("button", name="Mark as sent").click()
    _board_column(page, server, board, "Introduction asked")

    # Maria agrees; the request to Priya names her.
    page.get_by_role("link", name="Priya Rao").click()
    page.get_by_role("button", name="The introducer agreed").click()
    page.locator("#conversation details.dropdown summary").click()
    page.get_by_role("link", name="Ask someone you were referred to").click()
    expect(page.locator("hgroup")).to_contain_text("To Priya Rao")
    expect(page.get_by_label("Body")).to_contain_text("Maria Lopez suggested I reach out")
    page.get_by_role("button", name="Mark as sent").click()
    _board_column(page, server, board, "Request sent")

    # She answers; the meeting is set for Thursday.
    page.get_by_role("link", name="Priya Rao").click()
    page.get_by_role("button", name="They replied").click()
    _board_column(page, server, board, "Replied")
    page.get_by_role("link", name="Priya Rao").click()
    page.get_by_role("button", name="Schedule or log a meeting").click()
    page.get_by_label("Date").fill("2026-03-05")
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("Exploration").select_option(label="UX research in health care")
    page.get_by_role("button", name="Save meeting").click()
    meeting_url = page.url
    _board_column(page, server, board, "Scheduled")

    # 7-8. The meeting takes place; the board moves by itself; a reflection right after.
    server.set_time("2026-03-05T11:00:00+00:00")
    _board_column(page, server, board, "Met")
    page.goto(meeting_url + "reflection/")
    page.get_by_label("What appealed").fill("Research that changes care")
    page.get_by_role("button", name="Save").click()

    # 9. Thank her within 24 hours; thank Maria too (Today reminds of both).
    page.goto(server.url + "/")
    expect(page.get_by_role("link", name="Thank Priya Rao (within 24 hours)")).to_be_visible()
    page.get_by_role("link", name="Thank Priya Rao (within 24 hours)").click()
    expect(page.locator("hgroup")).to_contain_text("To Priya Rao")
    body = page.get_by_label("Body")
    body.fill(body.input_value().replace("[quote]", "on research with patients"))
    page.get_by_role("button", name="Mark as sent").click()
    _board_column(page, server, board, "Thanked")
    page.goto(server.url + "/")
    page.get_by_role(
        "link", name="Thank Maria Lopez for the introduction to Priya Rao, with an update"
    ).click()
    expect(page.locator("hgroup")).to_contain_text("To Maria Lopez")
    page.get_by_role("button", name="Mark as sent").click()

    # 10. Follow the referrals: Priya suggests Maria's colleague... and Maria herself, already known.
    page.goto(meeting_url + "referrals/")
    page.get_by_label("Name").fill("Maria Lopez")
    page.get_by_label("Organization").fill("Acme Health")
    page.get_by_role("button", name="Add").click()
    expect(
        page.get_by_role("heading", name="Is this Maria Lopez, UX Designer at Acme Health?")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, link Maria Lopez").click()
    page.goto(server.url + "/people/")
    expect(page.locator("#result-count")).to_have_text("3 people")

    # 11. Keep in touch: four months later, a check-in is due; a give-back is logged from Today.
    server.set_time("2026-07-06T09:00:00+00:00")
    page.goto(server.url + "/")
    expect(
        page.get_by_role("link", name="Check in with Priya Rao: an update on where you are")
    ).to_be_visible()
    page.get_by_role("link", name="or log a give-back").click()
    page.get_by_label("What you did").select_option(label="Told them how their advice helped")
    page.get_by_label("Details").fill("I started a course she recommended")
    page.get_by_role("button", name="Log it").click()
    expect(
        page.get_by_role("link", name="Check in with Priya Rao: an update on where you are")
    ).to_have_count(0)
    _board_column(page, server, board, "Keeping in touch")

    # 12. See the whole picture: insights count the meeting.
    page.get_by_role("link", name="Insights").click()
    funnel = page.locator("figure").filter(has_text="From asking to thanking")
    funnel.get_by_text("Numbers").click()
    for row in ("Asked 1", "Replied 1", "Met 1", "Thanked 1", "Gave back 1"):
        expect(funnel.get_by_role("row", name=row)).to_be_visible()
