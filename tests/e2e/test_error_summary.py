"""After a failed submit, on a phone, the error summary is at the top of the screen and
has focus, in Dutch and French, on the forms that share templates/_error_summary.html."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}
HEADINGS = {"nl": "Kijk het formulier na", "fr": "Vérifiez le formulaire"}
FORMS = {
    "coordinator": ["buddies:resident-create", "scheduling:book"],
    "social_worker": ["referrals:intake-create"],
}


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("role", sorted(FORMS))
def test_error_summary_is_on_screen_and_focused_after_a_failed_submit(
    phone_page, request, role, language
):
    user = request.getfixturevalue(role)
    page = phone_page
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])
    log_in(page, user.username, PASSWORD)
    for name in FORMS[role]:
        page.goto(reverse(name))
        page.locator("form.form button[type=submit]").last.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        summary = page.locator(".error-summary")
        assert HEADINGS[language] in summary.inner_text()
        page.wait_for_function("document.activeElement.classList.contains('error-summary')")
        box = summary.bounding_box()
        assert 0 <= box["y"] < 100, f"{name}: summary at {box['y']} px"
        audit(page)
