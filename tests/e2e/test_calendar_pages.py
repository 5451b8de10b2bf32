"""'My calendar' in a real browser, in Dutch and French: axe audit, phone width,
the copy button with JavaScript and the plain address field without it."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser


def fits(page) -> bool:
    return not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_volunteer_makes_a_calendar_link_in_dutch_and_french_on_a_phone(phone_page, volunteer):
    log_in(phone_page, volunteer.username, PASSWORD)
    phone_page.goto("/places/calendar/")
    choose_language(phone_page, "Nederlands")
    assert phone_page.locator("h1").inner_text() == "Mijn agenda"
    audit(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Agendalink maken").click()
    address = phone_page.get_by_label("Adres van de agenda")
    assert "/cal/" in address.input_value()
    assert phone_page.locator("figure svg").count() == 1
    copy = phone_page.get_by_role("button", name="Adres kopiëren")
    assert copy.is_visible()  # shown by the script; without it the field is enough
    copy.click()
    phone_page.get_by_role("status").filter(
        has_text="gekopieerd"
    ).wait_for()  # after the clipboard answers
    assert fits(phone_page)
    audit(phone_page)
    choose_language(phone_page, "Français")
    assert phone_page.locator("h1").inner_text() == "Mon agenda"
    assert "/cal/" not in phone_page.content()  # shown once only
    assert fits(phone_page)
    audit(phone_page)


def test_without_javascript_the_address_is_shown_and_the_copy_button_stays_hidden(
    browser, live_server, volunteer
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, volunteer.username, PASSWORD)
        page.goto("/places/calendar/")
        with page.expect_navigation():
            page.locator("button[name=action][value=make]").click()
        assert "/cal/" in page.locator("input[readonly]").input_value()
        assert not page.locator("button[data-copy]").is_visible()
    finally:
        context.close()
