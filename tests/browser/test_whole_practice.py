"""The whole practice, one exploration from import to insights, in the order of PRODUCT.md's steps.

Time moves through the server's clock (COFFEECHAT_CLOCK_FILE), never by back-dating rows, and the
board's manual stage control is never used: the board must move by itself. The same walk runs with
the keyboard alone in test_keyboard_only.py.
"""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.hands import Hands, Mouse

CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Maria,Lopez,https://www.linkedin.com/in/maria-lopez-ux,maria@example.org,Acme Health,UX Designer,12 Jan 2021
Omar,Haddad,https://www.linkedin.com/in/omar-haddad,,Globex,Accountant,03 Mar 2019
"""


def _board_column(page: Page, server: Server, board: str, name: str) -> None:
    page.goto(board)
    column = page.locator("section.board-column").filter(has=page.get_by_role("link", name="Priya Rao"))
    expect(column.get_by_role("heading")).to_contain_text(name)


def test_one_exploration_from_import_to_insights(server: Server, page: Page, tmp_path: Path) -> None:
    walk_the_whole_practice(server, page, Mouse(page), tmp_path)


def walk_the_whole_practice(server: Server, page: Page, hands: Hands, tmp_path: Path) -> None:
    """On a fresh server (each module starts its own): the walk leaves its people met and thanked."""
    server.set_time("2026-03-02T09:00:00+00:00")  # a Monday
    server.sign_in_owner(page)
    # Your pitch, so drafts are signed.
    hands.click(page.get_by_role("link", name="Your pitch", exact=True))
    hands.fill(page.get_by_label("Your name"), "Alex Doe")
    hands.fill(page.get_by_label("Your pitch"), "I am a nurse moving into user research.")
    hands.click(page.get_by_role("button", name="Save"))

    # 2. Find people: the user's own network comes in from LinkedIn.
    export = tmp_path / "Connections.csv"
    export.write_text(CONNECTIONS, encoding="utf-8")
    hands.click(page.get_by_role("link", name="Import", exact=True))
    hands.upload(page.get_by_label("Contacts file"), str(export))
    hands.click(page.get_by_role("button", name="Preview"))
    hands.click(page.get_by_role("button", name="Import 2 rows"))
    # Maria knows Priya, whom the user does not know.
    hands.click(page.get_by_role("link", name="People", exact=True))
    hands.click(page.get_by_role("link", name="Maria Lopez").first)
    hands.fill(page.locator("input[name=new_name]"), "Priya Rao")
    hands.click(page.get_by_role("button", name="Add tie"))

    # 1. Decide what to explore.
    hands.click(page.get_by_role("link", name="Explorations").first)
    page.goto(server.url + "/explorations/new/")
    hands.fill(page.get_by_label("What you want to explore"), "UX research in health care")
    hands.click(page.get_by_role("button", name="Save"))
    exploration_url = page.url
    board = exploration_url + "board/"

    # 3. Get introduced: the draft goes to Maria, about Priya.
    page.goto(server.url + "/people/")
    hands.click(page.get_by_role("link", name="Priya Rao").first)
    hands.click(page.get_by_role("button", name="Ask Maria Lopez for an introduction"))
    hands.click(page.get_by_role("button", name="Write to Maria Lopez"))
    expect(page.locator("hgroup")).to_contain_text("To Maria Lopez")
    expect(page.locator("hgroup")).to_contain_text("about Priya Rao")
    hands.click(page.get_by_role("button", name="Mark as sent"))
    _board_column(page, server, board, "Introduction asked")

    # Maria agrees; the request to Priya names her.
    hands.click(page.get_by_role("link", name="Priya Rao"))
    hands.click(page.get_by_role("button", name="The introducer agreed"))
    hands.click(page.locator("#conversation details.dropdown summary"))
    hands.click(page.get_by_role("link", name="Ask someone you were referred to"))
    expect(page.locator("hgroup")).to_contain_text("To Priya Rao")
    expect(page.get_by_label("Body")).to_contain_text("Maria Lopez suggested I reach out")
    hands.click(page.get_by_role("button", name="Mark as sent"))
    _board_column(page, server, board, "Request sent")

    # She answers; the meeting is set for Thursday.
    hands.click(page.get_by_role("link", name="Priya Rao"))
    hands.click(page.get_by_role("button", name="They replied"))
    _board_column(page, server, board, "Replied")
    hands.click(page.get_by_role("link", name="Priya Rao"))
    hands.click(page.get_by_role("button", name="Schedule or log a meeting"))
    hands.fill(page.get_by_label("Date"), "2026-03-05")
    hands.fill(page.get_by_label("Time", exact=True), "10:00")
    hands.select(page.get_by_label("Exploration"), "UX research in health care")
    hands.click(page.get_by_role("button", name="Save meeting"))
    meeting_url = page.url
    _board_column(page, server, board, "Scheduled")

    # 7-8. The meeting takes place; the board moves by itself; a reflection right after.
    server.set_time("2026-03-05T11:00:00+00:00")
    _board_column(page, server, board, "Met")
    page.goto(meeting_url + "reflection/")
    hands.fill(page.get_by_label("What appealed"), "Research that changes care")
    hands.click(page.get_by_role("button", name="Save"))

    # 9. Thank her within 24 hours; thank Maria too (Today reminds of both).
    page.goto(server.url + "/")
    expect(page.get_by_role("link", name="Thank Priya Rao (within 24 hours)")).to_be_visible()
    hands.click(page.get_by_role("link", name="Thank Priya Rao (within 24 hours)"))
    expect(page.locator("hgroup")).to_contain_text("To Priya Rao")
    body = page.get_by_label("Body")
    hands.fill(body, body.input_value().replace("[quote]", "on research with patients"))
    hands.click(page.get_by_role("button", name="Mark as sent"))
    _board_column(page, server, board, "Thanked")
    page.goto(server.url + "/")
    hands.click(
        page.get_by_role("link", name="Thank Maria Lopez for the introduction to Priya Rao, with an update")
    )
    expect(page.locator("hgroup")).to_contain_text("To Maria Lopez")
    hands.click(page.get_by_role("button", name="Mark as sent"))

    # 10. Follow the referrals: Priya suggests Maria's colleague... and Maria herself, already known.
    page.goto(meeting_url + "referrals/")
    hands.fill(page.get_by_label("Name"), "Maria Lopez")
    hands.fill(page.get_by_label("Organization"), "Acme Health")
    hands.click(page.get_by_role("button", name="Add"))
    expect(
        page.get_by_role("heading", name="Is this Maria Lopez, UX Designer at Acme Health?")
    ).to_be_visible()
    hands.click(page.get_by_role("button", name="Yes, link Maria Lopez"))
    page.goto(server.url + "/people/")
    expect(page.locator("#result-count")).to_have_text("3 people")

    # 11. Keep in touch: four months later, a check-in is due; a give-back is logged from Today.
    server.set_time("2026-07-06T09:00:00+00:00")
    page.goto(server.url + "/")
    expect(
        page.get_by_role("link", name="Check in with Priya Rao: an update on where you are")
    ).to_be_visible()
    hands.click(page.get_by_role("link", name="or log a give-back"))
    hands.select(page.get_by_label("What you did"), "Told them how their advice helped")
    hands.fill(page.get_by_label("Details"), "I started a course she recommended")
    hands.click(page.get_by_role("button", name="Log it"))
    expect(
        page.get_by_role("link", name="Check in with Priya Rao: an update on where you are")
    ).to_have_count(0)
    _board_column(page, server, board, "Keeping in touch")

    # 12. See the whole picture: insights count the meeting.
    hands.click(page.get_by_role("link", name="Insights"))
    funnel = page.locator("figure").filter(has_text="From asking to thanking")
    hands.click(funnel.get_by_text("Numbers"))
    for row in ("Asked 1", "Replied 1", "Met 1", "Thanked 1", "Gave back 1"):
        expect(funnel.get_by_role("row", name=row)).to_be_visible()
