"""A social worker makes, copies and revokes an API key with the keyboard, in nl and fr."""

import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

WORDS = {
    "nl": ("Nederlands", "Maak een nieuwe sleutel", r"^Sleutel \w+ intrekken$", "ingetrokken"),
    "fr": ("Français", "Créer une nouvelle clé", r"^Révoquer la clé \w+$", "révoquée"),
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_key_is_made_shown_once_and_revoked_by_keyboard(phone_page, social_worker, language):
    name, make, revoke, revoked = WORDS[language]
    page = phone_page
    page.goto("/login/")
    if language != "nl":
        choose_language(page, name)
    log_in(page, social_worker.username, PASSWORD)
    page.goto("/account/api-keys/")
    page.get_by_role("button", name=make).focus()
    page.keyboard.press("Enter")
    key = page.locator("#new-key-value").input_value()
    assert len(key) == 64
    audit(page)
    assert Client().get("/api/v1/residents/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    page.get_by_role("button", name=re.compile(revoke)).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#new-key-value", state="detached")
    assert revoked in page.locator("body").inner_text()
    audit(page)
