"""Keyboard-only journeys: every step is audited, checked at 200% and 400% zoom and photographed.

A journey moves focus with Tab (and the arrow keys inside a radio group) and acts
with Enter, Space or typing, as someone without a mouse does. `Journey.step`
runs axe-core on the page, checks that the page reflows at 640 and 320 CSS
pixels (a 1280-pixel screen at 200% and 400% zoom) without sideways scrolling,
that every control is at least 44 by 44 pixels, and saves a screenshot into
`JOURNEY_SCREENSHOTS` (default `docs/screenshots/tmp/`), which `make screenshots`
gathers into `docs/screenshots/`.
"""

import os
import re
from pathlib import Path

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language

SCREENSHOTS = Path(
    os.environ.get(
        "JOURNEY_SCREENSHOTS", Path(__file__).resolve().parents[2] / "docs/screenshots/tmp"
    )
)
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}
ZOOM_200_WIDTH = 640
ZOOM_400_WIDTH = 320
MAX_TABS = 400


class Journey:
    def __init__(self, page, name: str, language: str):
        self.page = page
        self.name = name
        self.language = language
        self.steps = 0

    def step(self, title: str) -> None:
        """Check the page as it is now and keep a picture of it."""
        self.page.wait_for_load_state("load")
        audit(self.page)
        assert_reflows(self.page)
        assert_large_targets(self.page)
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{self.language}-{self.steps:02d}-{slug}.png"
        self.page.screenshot(path=str(path))


def assert_reflows(page) -> None:
    """At 200% and 400% zoom (640 and 320 CSS pixels wide) the page must not scroll sideways."""
    for width, zoom in ((ZOOM_200_WIDTH, "200%"), (ZOOM_400_WIDTH, "400%")):
        overflow = _overflow_at(page, width)
        assert overflow is None, f"{page.url} scrolls sideways at {zoom} zoom: {overflow}"


def _overflow_at(page, width: int):
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": size["height"]})
    try:
        return page.evaluate(
            """() => {
              const doc = document.documentElement;
              if (doc.scrollWidth <= doc.clientWidth + 1) return null;
              const edge = doc.clientWidth + 1;
              const wide = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > edge)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
              // Text that sticks out of its box (a long word) has no element of its own.
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              const words = [];
              while (walker.nextNode() && words.length < 5) {
                const range = document.createRange();
                range.selectNodeContents(walker.currentNode);
                if (range.getBoundingClientRect().right > edge)
                  words.push(walker.currentNode.textContent.trim().slice(0, 60));
              }
              return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide, words};
            }"""
        )
    finally:
        page.set_viewport_size(size)


MIN_TARGET = 44


def assert_large_targets(page) -> None:
    """Controls are at least 44 by 44 CSS pixels; a radio button or check box counts
    with its label row. Links inside running text are left out, as WCAG allows."""
    small = page.evaluate(
        """min => {
          const seen = (el) => el.getClientRects().length > 0
            && getComputedStyle(el).visibility !== 'hidden';
          const box = (el) => {
            if (el.matches('input[type=radio], input[type=checkbox]')) {
              const byId = el.id && document.querySelector(`label[for="${el.id}"]`);
              return el.closest('label') || byId || el;
            }
            return el;
          };
          const controls = [...document.querySelectorAll(
            'button, input:not([type=hidden]), select, textarea, summary, a[href]')]
            .filter(el => !el.matches('a') || getComputedStyle(el).display !== 'inline');
          return controls.filter(seen).map(box).filter(el => {
            const r = el.getBoundingClientRect();
            return r.height < min - 0.5 || r.width < min - 0.5;
          }).slice(0, 5).map(el => el.outerHTML.slice(0, 120));
        }""",
        MIN_TARGET,
    )
    assert not small, f"{page.url} has targets smaller than {MIN_TARGET} px: {small}"


def _is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator) -> None:
    """Press Tab until the element has the keyboard focus."""
    locator.wait_for(state="visible")
    for _ in range(MAX_TABS):
        if _is_focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"the keyboard never reaches {locator}")


def press(page, locator, key: str = "Enter") -> None:
    """Reach a control with Tab and press a key on it (for controls that stay on the page)."""
    tab_to(page, locator)
    page.keyboard.press(key)


def follow(page, locator, key: str = "Enter") -> None:
    """Reach a link or submit button with Tab, activate it and wait for the next page."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press(key)


def fill(page, locator, text: str) -> None:
    """Reach a text field with Tab, clear it and type."""
    tab_to(page, locator)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.type(text)


def fill_time(page, locator, hh_mm: str) -> None:
    """Type a time into an <input type=time>, field by field as the keyboard does.

    The browser may show a 12-hour clock (en-US): the trailing A or P picks the
    half of the day there, and is ignored by a 24-hour field.
    """
    hours, minutes = hh_mm.split(":")
    tab_to(page, locator)
    page.keyboard.type(hours + minutes + ("A" if int(hours) < 12 else "P"))
    assert locator.input_value() == hh_mm, f"{locator} shows {locator.input_value()!r}"


def check(page, locator) -> None:
    """Tick a checkbox or choose a radio button with the keyboard."""
    if locator.get_attribute("type") == "radio":
        _reach_radio(page, locator)
        if not locator.is_checked():
            page.keyboard.press("Space")
    else:
        tab_to(page, locator)
        if not locator.is_checked():
            page.keyboard.press("Space")
    assert locator.is_checked(), f"{locator} did not get checked"


def uncheck(page, locator) -> None:
    tab_to(page, locator)
    if locator.is_checked():
        page.keyboard.press("Space")
    assert not locator.is_checked()


def _reach_radio(page, locator) -> None:
    # Tab stops once in a radio group; the arrow keys move within it.
    name = locator.get_attribute("name")
    for _ in range(MAX_TABS):
        in_group = page.evaluate(
            "name => document.activeElement && document.activeElement.name === name", name
        )
        if in_group:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"the keyboard never reaches the group of {locator}")
    group_size = page.locator(f'input[type=radio][name="{name}"]').count()
    for _ in range(group_size):
        if _is_focused(locator):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reach {locator}")


def select(page, locator, label: str) -> None:
    """Choose an option in a drop-down: reach it with Tab, then type to pick."""
    tab_to(page, locator)
    locator.select_option(label=label)


def log_in(page, journey, username: str, language: str) -> None:
    """The login page by keyboard, in the journey's language (Dutch is the default)."""
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])
    assert page.locator("html").get_attribute("lang") == language
    journey.step("log in")
    fill(page, page.locator("#id_username"), username)
    fill(page, page.locator("#id_password"), PASSWORD)
    follow(page, page.locator("main button[type=submit]").first)
    journey.step("home")
