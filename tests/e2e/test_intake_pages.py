"""The intake form and the social worker's referral page, by keyboard, in Dutch and French."""

import pytest
from django.urls import reverse

from referrals.demo import seed_partners
from referrals.models import IncomingReferral
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}
TEXTS = {
    "nl": {
        "check": "Kijk het formulier na",
        "same": "Dezelfde persoon",
        "no_appointment": "Nog geen afspraak",
        "urgent": "Dringend",
    },
    "fr": {
        "check": "Vérifiez",
        "same": "La même personne",
        "no_appointment": "Pas encore de rendez-vous",
        "urgent": "Urgent",
    },
}


def _start(page, user, language):
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])
    log_in(page, user.username, PASSWORD)


def _type(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def _tick(page, selector: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Space")


def _submit(page) -> None:
    page.locator("form.form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_intake_by_keyboard_with_error_summary_duplicate_and_urgent_numbers(
    page, social_worker, resident, language
):
    seed_partners()
    _start(page, social_worker, language)
    page.goto(reverse("referrals:intake-create"))
    assert page.locator("html").get_attribute("lang") == language
    audit(page)

    _submit(page)  # empty: the error summary comes first, its links lead to the fields
    summary = page.get_by_role("alert")
    assert TEXTS[language]["check"] in summary.inner_text()
    audit(page)
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_first_name"

    page.keyboard.type("Maria")
    _type(page, "#id_last_name", "Peeters")
    _type(page, "#id_phone", "0470 12 34 56")  # Maria Van den Bossche's number
    page.locator("#id_preferred_channel").focus()
    page.keyboard.press("ArrowUp")  # the first choice: SMS
    _type(page, "#id_question", "Fraude: iemand belde namens de bank")
    _tick(page, "#id_urgency_0")  # today
    _tick(page, "#id_consent_confirmed")
    _submit(page)

    same = page.get_by_label(TEXTS[language]["same"], exact=False)
    assert "Maria Van den Bossche" in page.locator(".duplicates").inner_text()
    audit(page)
    same.focus()
    page.keyboard.press("Space")
    _submit(page)

    referral = IncomingReferral.objects.get()
    assert referral.resident == resident
    assert reverse("referrals:intake-detail", args=[referral.pk]) in page.url
    urgent = page.locator(".urgent")
    assert TEXTS[language]["urgent"] in urgent.inner_text()
    assert "078 17 01 70" in urgent.inner_text()
    assert "112" in urgent.inner_text()
    assert TEXTS[language]["no_appointment"] in page.content()
    audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_referral_list_and_timeline_have_no_violations(page, social_worker, coordinator, language):
    from tests.referrals.conftest import intake

    referral = intake(social_worker)
    from referrals.intake.services import change_intake_status

    change_intake_status(referral=referral, to="accepted", by=coordinator)
    _start(page, social_worker, language)
    page.goto(reverse("referrals:intake-list"))
    audit(page)
    link = page.get_by_role("link", name="Jeanne Dubois")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("table").locator("tbody tr").count() == 2
    audit(page)


def test_coordinator_status_form_has_no_violations(page, social_worker, coordinator):
    from tests.referrals.conftest import intake

    referral = intake(social_worker)
    log_in(page, coordinator.username, PASSWORD)
    page.goto(reverse("referrals:intake-detail", args=[referral.pk]))
    page.locator("#id_to").focus()
    page.keyboard.press("ArrowDown")  # declined
    _submit(page)  # no reason given
    assert page.get_by_role("alert").is_visible()
    audit(page)


def test_intake_form_fits_a_phone(phone_page, social_worker):
    log_in(phone_page, social_worker.username, PASSWORD)
    phone_page.goto(reverse("referrals:intake-create"))
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)


WAITING = {
    "nl": ("wacht op een coördinator", "Koppel de doorverwijzing"),
    "fr": ("en attente d'un coordinateur", "Relier l'orientation"),
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_waiting_intake_by_keyboard_for_the_social_worker_and_the_coordinator(
    page, other_social_worker, coordinator, resident, language
):
    from tests.referrals.conftest import intake

    waiting = intake(other_social_worker, resident={"phone": "0470 12 34 56"})
    _start(page, other_social_worker, language)
    page.goto(reverse("referrals:waiting-detail", args=[waiting.pk]))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert WAITING[language][0] in heading
    assert "Van den Bossche" not in page.content()
    audit(page)
    page.goto(reverse("referrals:intake-list"))
    audit(page)

    page.context.clear_cookies()
    _start(page, coordinator, language)
    page.goto(reverse("referrals:waiting-detail", args=[waiting.pk]))
    assert "Van den Bossche" in page.content()
    audit(page)
    _tick(page, "#id_resident_0")
    page.locator("form.form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    referral = IncomingReferral.objects.get()
    assert referral.resident_id == resident.pk
    assert page.url.endswith(reverse("referrals:intake-detail", args=[referral.pk]))


def test_a_waiting_intake_fits_a_phone(phone_page, other_social_worker, resident):
    from tests.referrals.conftest import intake

    waiting = intake(other_social_worker, resident={"phone": "0470 12 34 56"})
    log_in(phone_page, other_social_worker.username, PASSWORD)
    phone_page.goto(reverse("referrals:waiting-detail", args=[waiting.pk]))
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)
