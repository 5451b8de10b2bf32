"""The council report: reach, permanent support and the eight building blocks on one
page, small numbers hidden, axe-clean in Dutch and French, and printed from page 1."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.e2e.pdf_pages import text_operators_per_page
from tests.e2e.test_report_pages import QUERY, programme  # noqa: F401

pytestmark = pytest.mark.browser

LANGUAGE_BUTTONS = {"nl": "Nederlands", "fr": "Français"}
TITLES = {
    "nl": "Digitale buddy's: rapport voor de gemeenteraad",
    "fr": "Buddies numériques : rapport pour le conseil",
}


def _start(page, coordinator, language):
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/reports/" + QUERY)
    if language != "nl":
        choose_language(page, LANGUAGE_BUTTONS[language])


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_council_report_page_has_no_accessibility_violations(
    page,
    programme,  # noqa: F811
    coordinator,
    language,
):
    _start(page, coordinator, language)
    page.goto("/reports/council/" + QUERY)
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == TITLES[language]
    assert page.locator("section.block").count() == 8
    assert page.get_by_role("cell", name="< 5").count() > 0  # three residents helped
    assert page.locator("a[href*='/rows/']").count() == 0
    audit(page)
    page.locator(".report-filter button").click()  # the filter keeps the page whole
    audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_council_report_prints_from_its_first_page_without_the_screen_parts(
    page,
    programme,  # noqa: F811
    coordinator,
    language,
):
    _start(page, coordinator, language)
    page.goto("/reports/council/" + QUERY)
    page.emulate_media(media="print")
    assert not page.locator(".report-filter").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    counts = text_operators_per_page(page.pdf(format="A4"))
    assert len(counts) >= 2, counts
    median = sorted(counts)[len(counts) // 2]
    assert counts[0] > median / 3, f"text runs per page: {counts}"
