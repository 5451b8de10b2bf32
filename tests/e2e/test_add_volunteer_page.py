"""A coordinator adds a volunteer with the keyboard, in nl and fr; the page is axe-clean."""

import pytest

from buddies.models import SpokenLanguage, Volunteer
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

WORDS = {
    "nl": ("Nederlands", "Toevoegen en de uitnodiging sturen"),
    "fr": ("Français", "Ajouter et envoyer l'invitation"),
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_coordinator_adds_a_volunteer_by_keyboard(page, coordinator, language, settings):
    settings.REQUIRE_COORDINATOR_2FA = False
    SpokenLanguage.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})
    name, submit = WORDS[language]
    page.goto("/login/")
    if language != "nl":
        choose_language(page, name)
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/people/volunteers/new/")
    audit(page)
    page.get_by_role("button", name=submit).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    audit(page)
    page.locator("#id_first_name").fill("Lies")
    page.locator("#id_last_name").fill("Wouters")
    page.locator("#id_email").fill("lies@example.org")
    page.get_by_role("button", name=submit).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary", state="detached")
    assert Volunteer.objects.filter(user__email="lies@example.org").exists()
    audit(page)
