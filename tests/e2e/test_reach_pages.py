"""Call list, print queue and appointment card: axe-audited in Dutch and French."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from buddies.messaging import outbox
from buddies.messaging.models import RecipientKind
from buddies.messaging.recipients import Recipient
from buddies.models import Resident
from scheduling.models import HelpSession, Location, Seat
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

HEADINGS = {
    "nl": ("Nederlands", "Bellijst voor", "Brieven om af te drukken", "Afsprakenkaart voor"),
    "fr": ("Français", "Liste d'appels du", "Lettres à imprimer", "Carte de rendez-vous pour"),
}


def _world(social_worker, volunteer):
    place = Location.objects.create(
        name="LDC Meander", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun",
        phone="+3223708880",
    )  # fmt: skip
    seat = Seat.objects.create(location=place, label="PC 1")
    jeanne = Resident.objects.create(
        first_name="Jeanne", last_name="Peeters", phone="+3223771234", language="fr",
        preferred_channel="phone", referred_by=social_worker, street="Bergensesteenweg 5",
        postcode="1600", town="Sint-Pieters-Leeuw",
    )  # fmt: skip
    start = timezone.make_aware(
        timezone.datetime.combine(timezone.localdate() + timedelta(days=3), time(10))
    )
    HelpSession.objects.create(
        resident=jeanne, location=place, seat=seat, start=start, end=start + timedelta(hours=1),
        status="claimed", volunteer=volunteer.volunteer,
    )  # fmt: skip
    for channel in ("phone", "letter"):
        person = Recipient(RecipientKind.RESIDENT, jeanne.pk, str(jeanne), "fr", channel, jeanne.pk)
        outbox.queue(
            recipient=person, purpose="booked", location_id=place.pk, send_now=False,
            text="Digibuddy : vous avez rendez-vous le mardi 16/03 à 10h00, LDC Meander.",
        )  # fmt: skip
    return jeanne


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_call_list_print_queue_and_card_have_no_accessibility_violations(
    page, coordinator, social_worker, volunteer, language
):
    jeanne = _world(social_worker, volunteer)
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/people/reach/calls/")
    if language != "nl":
        choose_language(page, HEADINGS[language][0])
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text().startswith(HEADINGS[language][1])
    assert page.get_by_text("02 377 12 34").is_visible()
    audit(page)
    page.goto("/people/reach/letters/")
    assert page.get_by_role("heading", level=1).inner_text() == HEADINGS[language][2]
    assert page.get_by_text("Bergensesteenweg 5").is_visible()
    audit(page)
    page.goto(f"/places/card/{jeanne.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(HEADINGS[language][3])
    assert page.get_by_text("Nous ne vous demanderons jamais vos codes").is_visible()
    audit(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name=HEADINGS[language][0]).is_visible()
    audit(page)


def test_call_result_buttons_work_with_the_keyboard_on_a_phone(
    phone_page, coordinator, social_worker, volunteer
):
    _world(social_worker, volunteer)
    log_in(phone_page, coordinator.username, PASSWORD)
    phone_page.goto("/people/reach/calls/")
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)
    button = phone_page.get_by_role("button", name="Gebeld")
    button.focus()
    with phone_page.expect_navigation():
        phone_page.keyboard.press("Enter")
    assert phone_page.get_by_text("Vandaag zijn er geen oproepen te doen.").is_visible()
