"""A volunteer on a phone, keyboard only: availability, an open session, the
calendar, the outcome afterwards and a referral to Card Stop. Every page is
audited by axe and checked at 400% zoom (see tests/e2e/journey.py)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
import time_machine

from buddies.models import Topic, Training
from referrals.demo import seed_partners
from referrals.models import OutgoingReferral
from scheduling.models import HelpSession
from scheduling.sessions import booking
from tests.e2e.journey import Journey, check, fill, fill_time, follow, log_in, select, tab_to
from tests.scheduling.conftest import make_place

pytestmark = pytest.mark.browser

BRUSSELS = ZoneInfo("Europe/Brussels")
WORDS = {
    "nl": {
        "log in": "Aanmelden",
        "my profile": "Mijn profiel",
        "add a time": "Een moment toevoegen",
        "add the time": "Moment toevoegen",
        "monday": "maandag",
        "open sessions": "Open afspraken",
        "take": "Neem de afspraak",
        "put in calendar": "Mijn afspraken in mijn agenda-app zetten",
        "make link": "Agendalink maken",
        "my sessions": "Mijn afspraken",
        "save attendance": "Aanwezigheid bewaren",
        "note outcome": "Noteer wat de afspraak opbracht",
        "save": "Bewaren",
        "save referral": "Verwijzing bewaren",
    },
    "fr": {
        "log in": "Se connecter",
        "my profile": "Mon profil",
        "add a time": "Ajouter un moment",
        "add the time": "Ajouter le moment",
        "monday": "lundi",
        "open sessions": "Séances ouvertes",
        "take": "Prendre la séance",
        "put in calendar": "Mettre mes séances dans mon application d'agenda",
        "make link": "Créer un lien d'agenda",
        "my sessions": "Mes séances",
        "save attendance": "Enregistrer la présence",
        "note outcome": "Noter ce que la séance a apporté",
        "save": "Enregistrer",
        "save referral": "Enregistrer l'orientation",
    },
}


def next_working_monday() -> date:
    """A Monday at least a week ahead that is no Belgian public holiday."""
    day = datetime.now(BRUSSELS).date() + timedelta(days=7)
    day += timedelta(days=-day.weekday() % 7)
    while day in holidays.BE(years=day.year):
        day += timedelta(days=7)
    return day


@pytest.fixture
def world(coordinator, volunteer, resident):
    """An open itsme session at 9:30 that fits the volunteer once Monday mornings are free."""
    monday = next_working_monday()
    clock = time_machine.travel(datetime.combine(monday, time(9), tzinfo=BRUSSELS))
    traveller = clock.start()
    place = make_place()
    itsme = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    resident.needs.set([itsme])
    profile = volunteer.volunteer
    profile.locations.add(place)
    Training.objects.create(volunteer=profile, topic=itsme, completed_on=date(2025, 1, 1))
    seed_partners()
    start = datetime.combine(monday, time(9, 30), tzinfo=BRUSSELS)
    session = booking.book_session(
        resident=resident, location=place, topics=[itsme], start=start, by=coordinator
    )
    yield session, traveller
    clock.stop()


def words_in(page, text: str) -> None:
    assert text in page.locator("main").inner_text(), f"{text!r} not on {page.url}"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_volunteer_journey(phone_page, volunteer, world, language):
    (world, clock), page, words = world, phone_page, WORDS[language]
    journey = Journey(page, "volunteer", language)

    log_in(page, journey, volunteer.username, language)

    menu = page.get_by_role("navigation")
    follow(page, menu.get_by_role("link", name=words["open sessions"]))
    journey.step("no open session fits yet")
    assert page.locator("main form").count() == 0  # Monday mornings are not free yet

    follow(page, menu.get_by_role("link", name=words["my profile"]))
    assert menu.get_by_role("link", name=words["my profile"]).get_attribute("aria-current")
    journey.step("my profile")
    press_summary(page, words["add a time"])
    select(page, page.locator("#id_weekday"), words["monday"])
    fill_time(page, page.locator("#id_start"), "09:00")
    fill_time(page, page.locator("#id_end"), "08:00")  # a slip: the end before the start
    follow(page, page.get_by_role("button", name=words["add the time"]))
    journey.step("availability error")
    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert summary.bounding_box()["y"] < page.locator("#id_weekday").bounding_box()["y"]
    assert page.locator("[aria-invalid=true]").count() >= 1  # the error is tied to its field
    fill_time(page, page.locator("#id_end"), "12:00")
    follow(page, page.get_by_role("button", name=words["add the time"]))
    journey.step("availability added")
    assert volunteer.volunteer.availability.get().start == time(9)

    follow(page, menu.get_by_role("link", name=words["open sessions"]))
    journey.step("open sessions that fit")
    assert page.locator("main form").count() == 1
    follow(page, page.get_by_role("button", name=words["take"]))
    journey.step("my sessions after taking one")
    world.refresh_from_db()
    assert world.volunteer == volunteer.volunteer

    follow(page, page.get_by_role("link", name=words["put in calendar"]))
    journey.step("my calendar")
    follow(page, page.get_by_role("button", name=words["make link"]))
    assert "/cal/" in page.locator("input[readonly]").input_value()
    journey.step("calendar link made")

    clock.move_to(world.end + timedelta(minutes=5))  # after the session
    follow(page, menu.get_by_role("link", name=words["my sessions"]))
    journey.step("my sessions after the session")
    follow(page, page.locator(f"main a[href='/places/sessions/{world.pk}/']").first)
    journey.step("session to note")
    check(page, page.locator("input[name=attended][value=yes]"))
    follow(page, page.get_by_role("button", name=words["save attendance"]))
    journey.step("attendance noted")
    world.refresh_from_db()
    assert world.status == HelpSession.Status.DONE

    follow(page, page.get_by_role("link", name=words["note outcome"]))
    journey.step("outcome form")
    itsme = world.topics.get()
    check(page, page.locator(f"input[name=topic_{itsme.pk}][value=with_help]"))
    check(page, page.locator("input[name=follow_up][value=referral]"))
    follow(page, page.get_by_role("button", name=words["save"], exact=True))
    journey.step("referral form")
    service = page.locator("#id_service option", has_text="Card Stop").first.inner_text()
    select(page, page.locator("#id_service"), service)
    fill(page, page.locator("#id_purpose"), "Bankkaart gestolen / carte volée")
    follow(page, page.get_by_role("button", name=words["save referral"]))
    journey.step("referral saved")
    referral = OutgoingReferral.objects.get()
    assert referral.service.partner.name == "Card Stop"
    assert referral.resident == world.resident


def press_summary(page, name: str) -> None:
    """Open a <details> section with the keyboard."""
    summary = page.locator("summary", has_text=name)
    tab_to(page, summary)
    page.keyboard.press("Enter")
