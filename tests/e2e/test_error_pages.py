"""The error pages on a phone, in Dutch and French: plain words, the way back, axe-clean."""

import pytest

from tests.e2e.conftest import audit, choose_language

pytestmark = [pytest.mark.browser, pytest.mark.allow_logged_errors]

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}
HOME = {"nl": "Naar de startpagina", "fr": "Aller à la page d'accueil"}
PATHS = {403: "/refused/", 404: "/no-such-page/", 500: "/boom/"}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_error_pages_lead_home_and_name_the_number_to_call(phone_page, settings, language):
    settings.ROOT_URLCONF = "tests.error_urls"
    page = phone_page
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])
    for status, path in PATHS.items():
        response = page.goto(path)
        assert response.status == status
        assert page.locator("html").get_attribute("lang") == language
        assert page.get_by_role("link", name="02 371 22 11").get_attribute("href") == (
            "tel:+3223712211"
        )
        audit(page)
    page.get_by_role("link", name=HOME[language]).click()
    assert page.url.endswith("/login/?next=/")
