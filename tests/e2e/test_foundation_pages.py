import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

LANGUAGES = {"nl": ("Nederlands", "Aanmelden"), "fr": ("Français", "Se connecter")}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_login_page_has_no_accessibility_violations(page, language):
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGES[language][0])
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == LANGUAGES[language][1]
    audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("persona", ["coordinator", "social_worker", "volunteer"])
def test_each_role_home_page_has_no_accessibility_violations(request, page, persona, language):
    user = request.getfixturevalue(persona)
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGES[language][0])
    log_in(page, user.username, PASSWORD)
    assert page.url.endswith("/")
    assert user.first_name in page.get_by_role("heading", level=1).inner_text()
    audit(page)


def test_skip_link_is_the_first_stop_for_the_keyboard(page, db):
    page.goto("/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_home_page_works_on_a_phone_without_sideways_scrolling(phone_page, coordinator):
    log_in(phone_page, coordinator.username, PASSWORD)
    phone_page.goto("/places/")
    wider = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wider
    audit(phone_page)
