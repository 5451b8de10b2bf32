import pytest

from referrals.demo import seed_partners
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.referrals.conftest import make_referral, pair

pytestmark = pytest.mark.browser

HEADINGS = {"nl": ("Nederlands", "Waar vind je hulp"), "fr": ("Français", "Où trouver de l'aide")}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_public_directory_has_no_accessibility_violations(page, language):
    seed_partners()
    page.goto("/partners/")
    if language != "nl":
        choose_language(page, HEADINGS[language][0])
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == HEADINGS[language][1]
    assert page.get_by_role("heading", name="Card Stop").is_visible()
    audit(page)


def test_directory_fits_a_phone(phone_page):
    seed_partners()
    phone_page.goto("/partners/")
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)


def test_volunteer_referral_pages_have_no_accessibility_violations(page, volunteer, resident):
    seed_partners()
    pair(resident, volunteer)
    from referrals.models import PartnerService

    referral = make_referral(resident, PartnerService.objects.first(), volunteer)
    log_in(page, volunteer.username, PASSWORD)
    for path in ("/referrals/out/", "/referrals/out/new/", f"/referrals/out/{referral.pk}/"):
        page.goto(path)
        audit(page)
    page.goto("/referrals/out/new/")
    page.get_by_role("button", name="Verwijzing bewaren").click()
    assert page.get_by_role("alert").is_visible()
    audit(page)


HANDOVER = {
    "nl": ("Nederlands", "De partner gebeld", "Noteer hoe ze is doorgegeven"),
    "fr": ("Français", "Appelé le partenaire", "Noter comment elle a été transmise"),
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_volunteer_passes_a_referral_on_by_phone_with_the_keyboard(
    phone_page, volunteer, resident, language
):
    from referrals.models import OutgoingReferral, Partner, PartnerService

    seed_partners()
    pair(resident, volunteer)
    service = PartnerService.objects.filter(partner__referral_email="").first()
    assert service is not None and not Partner.objects.get(pk=service.partner_id).referral_email
    referral = make_referral(resident, service, volunteer, status="new")
    name, called, submit = HANDOVER[language]
    page = phone_page
    page.goto("/login/")
    if language != "nl":
        choose_language(page, name)
    log_in(page, volunteer.username, PASSWORD)
    page.goto(f"/referrals/out/{referral.pk}/")
    page.get_by_role("button", name=submit).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    audit(page)
    page.get_by_label(called).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=submit).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary", state="detached")
    assert OutgoingReferral.objects.get(pk=referral.pk).status == "sent"
    assert called in page.locator("main").inner_text()


CLOSED = {"nl": ("Nederlands", "niet meer open"), "fr": ("Français", "plus ouverte")}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_cancelled_referrals_link_is_a_plain_page_in_the_visitors_language(
    page, resident, volunteer, language
):
    from referrals.models import OutgoingReferral, PartnerService
    from referrals.outgoing import links

    seed_partners()
    referral = make_referral(
        resident, PartnerService.objects.first(), volunteer,
        status=OutgoingReferral.Status.CANCELLED,
    )  # fmt: skip
    token = links.make_token(referral_id=referral.pk, partner_id=referral.service.partner_id)
    page.goto("/partners/")
    if language != "nl":
        choose_language(page, CLOSED[language][0])
    page.goto(f"/answer/{referral.pk}/{token}/")
    assert CLOSED[language][1] in page.get_by_role("heading", level=1).inner_text()
    assert "Maria" not in page.content()
    audit(page)


def test_the_revoke_button_by_keyboard(page, resident, volunteer):
    from referrals.models import PartnerService

    seed_partners()
    pair(resident, volunteer)
    referral = make_referral(resident, PartnerService.objects.first(), volunteer)
    log_in(page, volunteer.username, PASSWORD)
    page.goto(f"/referrals/out/{referral.pk}/")
    audit(page)
    page.get_by_role("button", name="Trek de link van de partner in").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    referral.refresh_from_db()
    assert referral.link_revoked_at is not None
    audit(page)


CONSENT_NOW = {
    "nl": ("Nederlands", "De inwoner gaat nu akkoord", "Verwijzing bewaren"),
    "fr": ("Français", "L'habitant accepte maintenant", None),
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_volunteer_records_consent_while_referring_by_keyboard(
    page, volunteer, resident, language
):
    from buddies.models import Consent
    from referrals.models import OutgoingReferral, PartnerService

    seed_partners()
    pair(resident, volunteer)
    service = PartnerService.objects.first()
    name, agree, _save = CONSENT_NOW[language]
    page.goto("/login/")
    if language != "nl":
        choose_language(page, name)
    log_in(page, volunteer.username, PASSWORD)
    page.goto(f"/referrals/out/new/?resident={resident.pk}")
    page.locator("#id_service").select_option(str(service.pk))
    page.locator("#id_purpose").fill("Kaart gestolen")
    page.locator("input[name=shared_details][value=phone]").check()
    page.get_by_label(agree).focus()
    page.keyboard.press("Space")
    page.locator("form.form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/referrals/out/*/")
    referral = OutgoingReferral.objects.get()
    assert referral.consent.scope == Consent.Scope.SHARE_WITH_PARTNER
    audit(page)
