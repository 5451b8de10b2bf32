"""Moving a session and changing a series, as a coordinator in a real browser:
keyboard only, in Dutch and French, axe-core audit on every step."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from buddies.models import Topic
from scheduling.models import HelpSession, Series
from scheduling.sessions import booking, series
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.scheduling.conftest import make_place, make_ready

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"move": "Deze afspraak verplaatsen", "moved": "De afspraak is verplaatst",
           "closed": "niet open", "change": "Deze reeks wijzigen vanaf een dag",
           "changed": "De reeks is gewijzigd"},
    "fr": {"move": "Déplacer ce rendez-vous", "moved": "Le rendez-vous est déplacé",
           "closed": "pas ouvert", "change": "Modifier cette série à partir d\u2019un jour",
           "changed": "La série est modifiée"},
}  # fmt: skip


def _next_weekday(weekday: int):
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


@pytest.fixture
def world(coordinator, resident):
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    return place, topic


def _in(page, language: str) -> None:
    if language != "nl":
        choose_language(page, "Français")
    assert page.locator("html").get_attribute("lang") == language


def _submit(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_moves_a_session_with_the_keyboard(
    page, coordinator, resident, world, language
):
    place, topic = world
    tuesday = _next_weekday(1)
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], by=coordinator,
        start=timezone.make_aware(timezone.datetime.combine(tuesday, time(10))),
    )  # fmt: skip
    words = WORDS[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto(f"/places/sessions/{session.pk}/")
    _in(page, language)
    link = page.get_by_role("link", name=words["move"])
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    audit(page)
    page.locator("#move_time").fill("20:00")
    page.locator("#move_time").focus()
    _submit(page)
    assert words["closed"] in page.locator(".error-summary").inner_text()
    audit(page)
    page.locator("#move_time").fill("14:00")
    page.locator("#move_time").focus()
    _submit(page)
    assert words["moved"] in page.content()
    audit(page)
    session.refresh_from_db()
    assert timezone.localtime(session.start).time() == time(14)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_changes_a_series_from_a_day_on(page, coordinator, resident, world, language):
    place, topic = world
    made, _result = series.start_series(
        resident=resident, location=place, topics=[topic], first_day=_next_weekday(1),
        local_start=time(10), by=coordinator,
    )  # fmt: skip
    words = WORDS[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto(f"/places/series/{made.pk}/")
    _in(page, language)
    page.get_by_role("link", name=words["change"]).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    audit(page)
    page.locator("#change_weekday").select_option("3")
    page.locator("#change_local_start").fill("14:00")
    page.locator("#change_local_start").focus()
    _submit(page)
    assert words["changed"] in page.content()
    audit(page)
    new = Series.objects.exclude(pk=made.pk).get()
    assert (new.first_day.weekday(), new.local_start) == (3, time(14))
    assert not HelpSession.objects.filter(series=made, status="open").exists()


ANSWER = {
    "nl": (
        "Aangeboden momenten die op een antwoord wachten",
        "Zei ja: boeken",
        "De afspraak is geboekt",
    ),
    "fr": (
        "Moments proposés en attente d\u2019une réponse",
        "A dit oui : réserver",
        "Le rendez-vous est réservé",
    ),
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_notes_a_yes_on_the_waiting_list_with_the_keyboard(
    page, coordinator, volunteer, resident, world, language
):
    from buddies.models import Resident
    from scheduling.models import SlotOffer
    from scheduling.waitlist import services

    place, topic = world
    make_ready(volunteer, place, topic)  # someone at the place who can help her
    other = Resident.objects.create(first_name="Jos", last_name="Peeters", status="active")
    session = booking.book_session(
        resident=other, location=place, topics=[topic], by=coordinator,
        start=timezone.make_aware(timezone.datetime.combine(_next_weekday(2), time(10))),
    )  # fmt: skip
    booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="x")
    from scheduling.models import FreedSlot

    services.offer_freed_slot(slot_id=FreedSlot.objects.get().pk)  # the task after the commit
    heading, yes, booked = ANSWER[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/waitlist/")
    _in(page, language)
    assert page.get_by_role("heading", name=heading).is_visible()
    audit(page)
    page.get_by_role("button", name=yes).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert booked in page.content()
    audit(page)
    offer = SlotOffer.objects.get()
    assert offer.status == "accepted" and offer.session.resident == resident


def test_move_and_change_pages_fit_a_phone(phone_page, coordinator, resident, world):
    place, topic = world
    made, result = series.start_series(
        resident=resident, location=place, topics=[topic], first_day=_next_weekday(1),
        local_start=time(10), by=coordinator,
    )  # fmt: skip
    log_in(phone_page, coordinator.username, PASSWORD)
    for path in (
        f"/places/sessions/{result.created[0].pk}/move/",
        f"/places/series/{made.pk}/change/",
    ):
        phone_page.goto(path)
        assert not phone_page.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        ), path
        audit(phone_page)
