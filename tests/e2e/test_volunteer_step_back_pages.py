"""A coordinator pauses a volunteer; a volunteer gives a session back; a coordinator
books at a place whose first seat is taken: by keyboard, in Dutch and French, axe-clean."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buddies.models import BuddyPair, Resident, Topic, Volunteer
from scheduling.models import HelpSession
from scheduling.sessions import booking
from scheduling.sessions.slots import find_slots
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.scheduling.conftest import make_place, make_ready

pytestmark = pytest.mark.browser

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français"}
TEXTS = {
    "nl": {
        "link": "Deze vrijwilliger pauzeren, stoppen of laten hervatten",
        "pause": "Pauze: de vrijwilliger komt later terug",
        "done": "De bewoners krijgen bericht",
        "paused": "Gepauzeerd",
        "check": "Kijk het formulier na",
        "give_back": "Teruggeven",
        "given_back": "De bewoner houdt de afspraak",
        "urgent": "Dringend",
        "booked": "De afspraak is geboekt",
        "book": "Boeken",
    },
    "fr": {
        "link": "Mettre ce bénévole en pause, l'arrêter ou le faire reprendre",
        "pause": "Pause : le bénévole revient plus tard",
        "done": "Les habitants sont prévenus",
        "paused": "En pause",
        "check": "Vérifiez le formulaire",
        "give_back": "Rendre",
        "given_back": "L'habitant garde son rendez-vous",
        "urgent": "Urgent",
        "booked": "La séance est réservée",
        "book": "Réserver",
    },
}


@pytest.fixture
def world(coordinator, volunteer, other_volunteer, resident):
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    make_ready(volunteer, place, topic)
    make_ready(other_volunteer, place, topic)
    now = timezone.now()
    slot = find_slots(
        location=place, start_from=now + timedelta(days=3), until=now + timedelta(days=20)
    )[0]
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=slot.start, by=coordinator,
        volunteer=volunteer.volunteer,
    )  # fmt: skip
    return place, topic, session


def _start(page, user, language):
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGE_NAMES[language])
    log_in(page, user.username, PASSWORD)


def _press(page, locator) -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_pauses_a_volunteer_by_keyboard(
    phone_page, coordinator, volunteer, resident, world, language
):
    page = phone_page
    _place, _topic, session = world
    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    _start(page, coordinator, language)
    page.goto(reverse("buddies:volunteer-detail", args=[volunteer.volunteer.pk]))
    _press(page, page.get_by_role("link", name=TEXTS[language]["link"]))
    assert page.locator("html").get_attribute("lang") == language
    assert "Maria Van den Bossche" in page.locator("#what-happens + ul").inner_text()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(page)

    _press(page, page.locator("form.form button[type=submit]"))  # no reason: refused
    summary = page.get_by_role("alert")
    assert TEXTS[language]["check"] in summary.inner_text()
    audit(page)
    assert Volunteer.objects.get(pk=volunteer.volunteer.pk).active

    page.get_by_label(TEXTS[language]["pause"]).focus()
    page.keyboard.press("Space")
    page.locator("#id_reason").focus()
    page.keyboard.type("Op reis")
    _press(page, page.locator("form.form button[type=submit]"))
    assert TEXTS[language]["done"] in page.content()
    assert TEXTS[language]["paused"] in page.locator(".facts").inner_text()
    audit(page)
    released = HelpSession.objects.get(pk=session.pk)
    assert (released.status, released.volunteer_id) == ("open", None)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_volunteer_gives_a_session_back_and_another_sees_it_urgent(
    page, volunteer, other_volunteer, world, language
):
    _place, _topic, session = world
    _start(page, volunteer, language)
    page.goto(reverse("scheduling:my-sessions"))
    audit(page)
    _press(page, page.get_by_role("button", name=TEXTS[language]["give_back"]))
    assert TEXTS[language]["given_back"] in page.content()
    audit(page)
    assert HelpSession.objects.get(pk=session.pk).is_urgent

    page.context.clear_cookies()
    _start(page, other_volunteer, language)
    page.goto(reverse("scheduling:open-sessions"))
    assert TEXTS[language]["urgent"] in page.locator(".urgent").inner_text()
    audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_booking_without_a_seat_takes_the_next_free_one(page, coordinator, world, language):
    place, _topic, session = world
    other = Resident.objects.create(first_name="Rosa", last_name="Peeters")
    local = timezone.localtime(session.start)
    _start(page, coordinator, language)
    page.goto(reverse("scheduling:book"))
    page.locator("#book_resident").select_option(str(other.pk))
    page.locator("#book_topics_0").check()
    page.locator("#book_location").select_option(str(place.pk))
    page.locator("#book_day").fill(local.date().isoformat())
    page.locator("#book_time").fill(local.strftime("%H:%M"))
    _press(page, page.get_by_role("button", name=TEXTS[language]["book"], exact=True))
    assert TEXTS[language]["booked"] in page.content()
    audit(page)
    booked = HelpSession.objects.get(resident=other)
    assert booked.seat_id != session.seat_id and booked.start == session.start
