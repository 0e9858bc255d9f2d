"""Two ways through a page: the mouse, and the keyboard alone.

The keyboard reaches a control the way a person without a mouse does: Tab (or Shift+Tab) until it
has the focus, then Enter, Space or typing. A control Tab never reaches fails the test, naming it.
"""

from __future__ import annotations

from typing import Protocol

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

MAX_TABS = 400
# Whether activating the element loads another page (a plain link or form), or htmx swaps a part.
NAVIGATES = """el => {
  const href = el.tagName === "A" ? el.getAttribute("href") : null;
  if (href) { return !href.startsWith("#") && !el.hasAttribute("hx-get") && !el.hasAttribute("download"); }
  if (el.type !== "submit" || !el.form) { return false; }
  if (el.closest("[hx-disable]")) { return true; }
  return !["hx-post", "hx-get"].some((a) => el.hasAttribute(a) || el.form.hasAttribute(a));
}"""


def settle(page: Page) -> None:
    """Wait for an htmx request just sent, and for the page its answer may redirect to."""
    page.wait_for_timeout(100)
    try:
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
    except PlaywrightError as exc:
        if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
            raise
    page.wait_for_load_state()


class Hands(Protocol):
    def click(self, target: Locator) -> None: ...
    def fill(self, target: Locator, text: str) -> None: ...
    def select(self, target: Locator, label: str) -> None: ...
    def upload(self, target: Locator, path: str) -> None: ...


class Mouse:
    def __init__(self, page: Page) -> None:
        self.page = page

    def click(self, target: Locator) -> None:
        # A click waits for the page a link or form opens, but not for an htmx request's answer,
        # which may redirect after the next click has already left the page.
        navigates = target.evaluate(NAVIGATES)
        target.click()
        if not navigates:
            settle(self.page)

    def fill(self, target: Locator, text: str) -> None:
        target.fill(text)

    def select(self, target: Locator, label: str) -> None:
        target.select_option(label=label)

    def upload(self, target: Locator, path: str) -> None:
        target.set_input_files(path)


class Keyboard:
    def __init__(self, page: Page) -> None:
        self.page = page

    def focus(self, target: Locator) -> None:
        # An htmx request may still answer with a redirect after the key press that sent it:
        # when the page changes under the search, wait for the new one and search again.
        for _ in range(3):
            try:
                self._tab_to(target)
                return
            except PlaywrightError as exc:
                if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
                    raise
                self.page.wait_for_load_state()
        self._tab_to(target)

    def _tab_to(self, target: Locator) -> None:
        self.page.wait_for_load_state()
        try:
            target.wait_for(state="attached")
        except PlaywrightError as exc:
            raise AssertionError(f"{target} is not on {self.page.url}") from exc
        handle = target.element_handle()
        has_focus = "el => el === document.activeElement"
        for key in ("Tab", "Shift+Tab"):
            for _ in range(MAX_TABS):
                if self.page.evaluate(has_focus, handle):
                    return
                self.page.keyboard.press(key)
        raise AssertionError(f"the keyboard never reaches {target} on {self.page.url}")

    def click(self, target: Locator) -> None:
        self.focus(target)
        kind = target.evaluate("el => el.type || el.tagName.toLowerCase()")
        key = "Space" if kind in ("checkbox", "radio") else "Enter"
        # A key press does not wait for the page it opens, as a click does: wait when it opens one.
        if target.evaluate(NAVIGATES):
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.page.wait_for_load_state()
        else:
            self.page.keyboard.press(key)
            settle(self.page)

    def fill(self, target: Locator, text: str) -> None:
        self.focus(target)
        kind = target.evaluate("el => el.type")
        if kind == "date":  # the browser's date box takes its digits month, day, year (en-US)
            year, month, day = text.split("-")
            self.page.keyboard.type(month + day + year)
            return
        if kind == "time":
            hour, minute = (int(part) for part in text.split(":"))
            self.page.keyboard.type(f"{hour % 12 or 12:02d}{minute:02d}{'P' if hour >= 12 else 'A'}")
            return
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def select(self, target: Locator, label: str) -> None:
        self.focus(target)
        self.page.keyboard.type(label)  # a closed select picks the option whose label is typed
        chosen = target.evaluate("el => el.options[el.selectedIndex].text")
        assert chosen == label, f"typing {label!r} chose {chosen!r}"

    def upload(self, target: Locator, path: str) -> None:
        # Space opens the file dialog; now and then headless Chromium lets that key press pass
        # without one, so Enter (which opens it too) is the second try, still from the keyboard.
        for key in ("Space", "Enter", "Space"):
            self.focus(target)
            try:
                with self.page.expect_file_chooser(timeout=5000) as chooser:
                    self.page.keyboard.press(key)
            except PlaywrightTimeoutError:
                continue
            chooser.value.set_files(path)
            return
        raise AssertionError(f"no key opens the file dialog of {target}")
