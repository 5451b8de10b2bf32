import pytest
import time_machine

from scheduling.models import HelpSession
from scheduling.outcomes.services import record_outcome
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.referrals.reports import report_data as data

pytestmark = pytest.mark.browser

LANGUAGE_BUTTONS = {"nl": "Nederlands", "fr": "Français"}
QUERY = "?from=2026-01-01&to=2026-03-31"


@pytest.fixture
def programme(volunteer, other_volunteer, coordinator):
    with time_machine.travel(data.TODAY, tick=False):
        made = data.build(volunteer, other_volunteer, coordinator)
    r1 = made.residents["R1"]
    for session, ability in zip(
        HelpSession.objects.filter(resident=r1, status="done").order_by("start"),
        ["not_yet", "with_help", "with_help"],
        strict=True,
    ):
        record_outcome(session=session, abilities={made.itsme.pk: ability}, by=coordinator)
    return made


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_report_pages_have_no_accessibility_violations(page, programme, coordinator, language):
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/reports/" + QUERY)
    if language != "nl":
        choose_language(page, LANGUAGE_BUTTONS[language])
    assert page.locator("html").get_attribute("lang") == language
    audit(page)
    r1 = programme.residents["R1"]
    for path in (
        "/reports/reach/" + QUERY,
        "/reports/sessions/rows/" + QUERY + "&status=done",
        "/reports/print/" + QUERY,
        "/reports/building-blocks/" + QUERY,
        "/places/support/",
        f"/places/residents/{r1.pk}/progress/",
    ):
        page.goto(path)
        audit(page)


def test_outcome_form_works_on_a_phone(phone_page, programme, volunteer):
    session = HelpSession.objects.filter(resident=programme.residents["R4"], status="done").first()
    log_in(phone_page, volunteer.username, PASSWORD)
    phone_page.goto(f"/places/sessions/{session.pk}/outcome/")
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)
    phone_page.locator("button.button-primary").click()  # nothing chosen: an error summary
    assert phone_page.get_by_role("alert").is_visible()
    audit(phone_page)
    phone_page.locator(f"input[name=topic_{programme.itsme.pk}][value=alone]").check()
    phone_page.locator("button.button-primary").click()
    assert session.outcome.topics.get().ability == "alone"
