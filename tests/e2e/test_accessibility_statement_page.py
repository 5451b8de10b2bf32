"""The accessibility statement is reached by keyboard from any page's footer and passes
its own test: axe-core and 400% zoom, in Dutch and French."""

import pytest

from tests.e2e.conftest import choose_language
from tests.e2e.journey import Journey, follow

pytestmark = pytest.mark.browser

LINKS = {"nl": "Toegankelijkheidsverklaring", "fr": "Déclaration d'accessibilité"}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_statement_is_reached_from_the_footer_by_keyboard(page, language):
    journey = Journey(page, "accessibility-statement", language)
    page.goto("/login/")
    if language == "fr":
        choose_language(page, "Français")
    follow(page, page.locator("footer").get_by_role("link", name=LINKS[language]))
    assert page.get_by_role("heading", level=1).inner_text() == LINKS[language]
    assert page.locator("html").get_attribute("lang") == language
    journey.step("statement")
