"""The whole practice with the keyboard alone: Tab to each control, then Enter, Space or typing.

Its own module, so its own server: the walk expects the people it meets to be new. It runs on one
database (SQLite) to keep CI short; the mouse walk runs on both.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Server
from tests.browser.hands import Keyboard
from tests.browser.test_whole_practice import walk_the_whole_practice

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COFFEECHAT_DATABASE_URL")),
    reason="the keyboard-only walk runs on one database (SQLite) to keep CI short",
)


def test_the_whole_practice_with_the_keyboard_alone(server: Server, page: Page, tmp_path: Path) -> None:
    walk_the_whole_practice(server, page, Keyboard(page), tmp_path)
