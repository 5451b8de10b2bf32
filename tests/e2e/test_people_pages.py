import pytest
from django.urls import reverse

from buddies.models import BuddyPair, Topic
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}


@pytest.fixture
def people(resident, volunteer, coordinator):
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    resident.needs.set([topic])
    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    return resident


def _start(page, user, language):
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])
    log_in(page, user.username, PASSWORD)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_people_pages_have_no_accessibility_violations(
    page, people, coordinator, volunteer, language
):
    _start(page, coordinator, language)
    for url in [
        reverse("buddies:resident-list"),
        reverse("buddies:resident-detail", args=[people.pk]),
        reverse("buddies:resident-edit", args=[people.pk]),
        reverse("buddies:resident-export", args=[people.pk]),
        reverse("buddies:volunteer-list"),
        reverse("buddies:volunteer-detail", args=[volunteer.volunteer.pk]),
        reverse("buddies:topic-list"),
    ]:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_resident_form_errors_are_accessible_and_in_the_chosen_language(
    page, social_worker, language
):
    _start(page, social_worker, language)
    page.goto(reverse("buddies:resident-create"))
    page.locator("#id_first_name").fill("Jeanne")
    page.locator("#id_last_name").fill("Dubois")
    page.locator("#id_phone").fill("12345")
    page.locator("#id_preferred_channel").select_option("sms")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expected = {"nl": "telefoonnummer", "fr": "numéro de téléphone"}[language]
    assert expected in summary.inner_text()
    audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_volunteer_profile_and_resident_card_have_no_violations(page, people, volunteer, language):
    _start(page, volunteer, language)
    page.goto(reverse("buddies:my-profile"))
    audit(page)
    page.get_by_role("link", name="Maria").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Maria"
    assert "Van den Bossche" not in page.content()
    audit(page)


def test_resident_page_fits_a_phone(phone_page, people, coordinator):
    log_in(phone_page, coordinator.username, PASSWORD)
    for url in [
        reverse("buddies:resident-detail", args=[people.pk]),
        reverse("buddies:resident-list"),
    ]:
        phone_page.goto(url)
        assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        audit(phone_page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_preferred_place_without_a_phone_is_refused_on_the_field_with_the_keyboard(
    page, social_worker, language
):
    """The resident's contact place must have a number to call back: the refusal names
    the place, in the chosen language, and its link takes the focus to the field."""
    from scheduling.models import Location

    Location.objects.create(
        name="Bib Zuun", kind="library", street="Markt 1", postcode="1600", town="Zuun"
    )
    _start(page, social_worker, language)
    page.goto(reverse("buddies:resident-create"))
    page.locator("#id_first_name").fill("Jeanne")
    page.locator("#id_last_name").fill("Dubois")
    page.locator("#id_phone").fill("0470 12 34 56")
    page.locator("#id_preferred_channel").select_option("sms")
    page.get_by_label("Bib Zuun").check()
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expected = {"nl": "heeft geen telefoonnummer", "fr": "pas de numéro de téléphone"}[language]
    assert "Bib Zuun" in summary.inner_text() and expected in summary.inner_text()
    link = summary.get_by_role("link")
    assert link.get_attribute("href") == "#id_preferred_locations"
    assert page.locator("#id_preferred_locations").count() == 1
    audit(page)
    page.set_viewport_size({"width": 390, "height": 844})
    audit(page)
