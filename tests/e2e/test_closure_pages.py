"""A closure day on which sessions are booked, as a coordinator in a real browser:
keyboard only, in Dutch and French, axe-core audit on every step, and at phone size."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from buddies.models import Topic
from scheduling.models import HelpSession
from scheduling.places import closures
from scheduling.sessions import booking
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.scheduling.conftest import make_place

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"booked": "Sessies die nog geboekt zijn op sluitingsdagen",
           "warned": "1 sessie of workshop is dan geboekt",
           "move": "De sessie van Maria verplaatsen",
           "cancel": "De sessie van Maria annuleren (iedereen krijgt bericht)",
           "cancelled": "1 sessie is geannuleerd"},
    "fr": {"booked": "Séances encore réservées les jours de fermeture",
           "warned": "1 séance ou atelier est réservé ce jour-là",
           "move": "Déplacer la séance de Maria",
           "cancel": "Annuler la séance de Maria (tout le monde est prévenu)",
           "cancelled": "1 séance est annulée"},
}  # fmt: skip


def _next_tuesday():
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return day


@pytest.fixture
def session(coordinator, resident):
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    return booking.book_session(
        resident=resident, location=place, topics=[topic], by=coordinator,
        start=timezone.make_aware(timezone.datetime.combine(_next_tuesday(), time(10))),
    )  # fmt: skip


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_closes_a_day_and_cancels_what_is_booked(page, coordinator, session, language):
    words = WORDS[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/closures/")
    if language != "nl":
        choose_language(page, "Français")
    assert page.locator("html").get_attribute("lang") == language
    audit(page)
    page.locator("#id_location").select_option(str(session.location_id))
    day = _next_tuesday().isoformat()
    page.locator("#id_first_day").fill(day)
    page.locator("#id_last_day").fill(day)
    page.locator("#id_reason").fill("Personeelsdag")
    page.locator("#id_reason").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert words["warned"] in page.content()
    assert page.get_by_role("heading", name=words["booked"]).is_visible()
    audit(page)
    page.get_by_role("link", name=words["move"]).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/places/sessions/{session.pk}/move/" in page.url
    page.go_back()
    page.get_by_role("button", name=words["cancel"]).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert words["cancelled"] in page.content()
    assert page.get_by_role("heading", name=words["booked"]).count() == 0
    audit(page)
    assert HelpSession.objects.get(pk=session.pk).status == "cancelled"


def test_closure_page_with_booked_sessions_fits_a_phone(phone_page, coordinator, session):
    day = _next_tuesday()
    closures.add_closure(
        location=session.location, first_day=day, last_day=day, reason="Staff day",
        by=coordinator,
    )  # fmt: skip
    log_in(phone_page, coordinator.username, PASSWORD)
    phone_page.goto("/places/closures/")
    assert phone_page.get_by_role("heading", name=WORDS["nl"]["booked"]).is_visible()
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)
