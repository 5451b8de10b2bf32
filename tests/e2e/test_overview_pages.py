"""The coordinator's overview and people search, and the resident's language on the
referral page: on a phone, in Dutch and French, axe-clean."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.referrals.conftest import intake

pytestmark = pytest.mark.browser

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}
TEXTS = {
    "nl": {"waiting": "bewoners wachten op een afspraak", "search": "Naam of telefoonnummer",
           "language": "Taal\nFrançais", "button": "Zoeken"},
    "fr": {"waiting": "habitants attendent un rendez-vous", "search": "Nom ou numéro de téléphone",
           "language": "Langue\nFrançais", "button": "Chercher"},
}  # fmt: skip


def _start(page, user, language):
    log_in(page, user.username, PASSWORD)
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_overview_counts_search_and_referral_language_on_a_phone(
    phone_page, coordinator, social_worker, language
):
    referral = intake(social_worker)
    page = phone_page
    _start(page, coordinator, language)
    page.goto("/")
    counts = page.locator("[data-count]")
    assert counts.count() == 6
    waiting = page.locator("[data-count=waiting]")
    assert TEXTS[language]["waiting"] in waiting.inner_text()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(page)
    page.get_by_label(TEXTS[language]["search"]).fill("+32 471 22 33 44")
    with page.expect_navigation():
        page.get_by_role("button", name=TEXTS[language]["button"]).click()
    page.get_by_role("link", name="Jeanne Dubois").wait_for()
    audit(page)
    page.goto(reverse("referrals:intake-detail", args=[referral.pk]))
    facts = page.locator("dl.facts").inner_text()
    assert TEXTS[language]["language"] in facts
    audit(page)
