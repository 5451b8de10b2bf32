"""A coordinator at a desk, keyboard only: matching, accepting a proposal, a
weekly series, a cancellation, the call list and letters (printed), and the
reports. Every page is audited by axe and checked at 400% zoom."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from buddies.models import AvailabilityWindow, Resident, ResidentTimeWindow, Topic, Training
from scheduling.models import HelpSession, MatchProposal, Series
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit
from tests.e2e.journey import Journey, check, fill, follow, log_in, select, tab_to
from tests.scheduling.conftest import make_place

pytestmark = pytest.mark.browser

TUESDAY = 1
WORDS = {
    "nl": {
        "log in": "Aanmelden",
        "people": "Mensen",
        "find a buddy": "Buddy zoeken",
        "run": "Zoek buddy's voor iedereen die wacht",
        "planning": "Planning",
        "book": "Een afspraak boeken",
        "find times": "Vrije momenten zoeken",
        "cancel": "Afspraak annuleren",
        "contact": "Contact en brieven",
        "call list": "Bellijst",
        "letters": "Brieven om af te drukken",
        "reports": "Rapporten",
    },
    "fr": {
        "log in": "Se connecter",
        "people": "Personnes",
        "find a buddy": "Trouver un binôme",
        "run": "Trouver des binômes pour tous ceux qui attendent",
        "planning": "Planning",
        "book": "Réserver une séance",
        "find times": "Chercher des créneaux libres",
        "cancel": "Annuler la séance",
        "contact": "Contact et courriers",
        "call list": "Liste d'appels",
        "letters": "Lettres à imprimer",
        "reports": "Rapports",
    },
}


@pytest.fixture
def world(volunteer, social_worker):
    """Jeanne waits for help with itsme on Tuesday mornings; Jan is free then, at the same place.

    Jeanne has a landline and no e-mail: her news goes on the call list and in the print queue.
    """
    place = make_place()
    itsme = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    profile = volunteer.volunteer
    profile.locations.add(place)
    Training.objects.create(volunteer=profile, topic=itsme, completed_on=date(2025, 1, 1))
    AvailabilityWindow.objects.create(
        volunteer=profile, weekday=TUESDAY, start=time(9), end=time(12)
    )
    jeanne = Resident.objects.create(
        first_name="Jeanne", last_name="Peeters", phone="+3223771234", language="fr",
        preferred_channel="phone", referred_by=social_worker, street="Bergensesteenweg 5",
        postcode="1600", town="Sint-Pieters-Leeuw", birth_year=1946,
        waiting_since=timezone.now() - timedelta(weeks=3),
    )  # fmt: skip
    jeanne.needs.set([itsme])
    jeanne.preferred_locations.set([place])
    ResidentTimeWindow.objects.create(resident=jeanne, weekday=TUESDAY, start=time(9), end=time(12))
    return jeanne


def open_group(page, name: str) -> None:
    """Open a group of the main menu with the keyboard (Enter on its name)."""
    summary = page.get_by_role("navigation").locator("summary", has_text=name)
    tab_to(page, summary)
    page.keyboard.press("Enter")
    assert summary.evaluate("el => el.parentElement.open")


def choose(page, select_id: str, text: str, nth: int | None = None) -> None:
    """Pick the option of a drop-down that shows this text (or the nth option)."""
    options = page.locator(f"{select_id} option")
    option = options.nth(nth) if nth is not None else options.filter(has_text=text).first
    select(page, page.locator(select_id), option.inner_text())


def menu_link(page, name: str):
    return page.get_by_role("navigation").get_by_role("link", name=name, exact=True)


def print_version(page, must_show: str) -> None:
    """As printed: the content is there, the menus are not, and axe finds nothing."""
    page.emulate_media(media="print")
    try:
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert must_show in page.locator("main").inner_text()
        audit(page)
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_journey(page, coordinator, volunteer, world, language):
    words, jeanne = WORDS[language], world
    journey = Journey(page, "coordinator", language)

    log_in(page, journey, coordinator.username, language)

    open_group(page, words["people"])
    journey.step("people menu open")
    follow(page, menu_link(page, words["find a buddy"]))
    journey.step("proposals before matching")
    follow(page, page.get_by_role("button", name=words["run"]))
    journey.step("proposals")
    proposal = MatchProposal.objects.get(resident=jeanne)
    assert proposal.volunteer == volunteer.volunteer
    follow(page, page.locator(f"form[action$='/proposals/{proposal.pk}/accept/'] button"))
    journey.step("proposal accepted")
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.ACCEPTED

    open_group(page, words["planning"])
    follow(page, menu_link(page, words["book"]))
    journey.step("book a session")
    choose(page, "#id_resident", "Jeanne")
    check(page, page.locator("#id_topics_0"))
    choose(page, "#id_location", "LDC Meander")
    choose(page, "#id_volunteer", volunteer.first_name)
    choose(page, "#id_repeat_search", str(Series.Frequency.WEEKLY.label), nth=1)
    follow(page, page.get_by_role("button", name=words["find times"]))
    journey.step("free times")
    follow(page, page.locator("ul.slots button").first)
    journey.step("weekly series booked")
    series = Series.objects.get(resident=jeanne)
    sessions = list(series.sessions.order_by("start"))
    assert len(sessions) >= 4
    assert {s.start.astimezone().weekday() for s in sessions} == {TUESDAY}

    second = sessions[1]
    follow(page, page.locator(f"main a[href='/places/sessions/{second.pk}/']"))
    journey.step("session to cancel")
    follow(page, page.get_by_role("button", name=words["cancel"]))  # no reason given yet
    journey.step("cancellation needs a reason")
    summary = page.get_by_role("alert")
    assert summary.bounding_box()["y"] < page.locator("#id_reason").bounding_box()["y"]
    assert page.locator("#id_reason").get_attribute("aria-invalid") == "true"
    fill(page, page.locator("#id_reason"), "Jeanne a un rendez-vous chez le médecin.")
    follow(page, page.get_by_role("button", name=words["cancel"]))
    journey.step("session cancelled")
    second.refresh_from_db()
    assert second.status == HelpSession.Status.CANCELLED

    open_group(page, words["contact"])
    follow(page, menu_link(page, words["call list"]))
    journey.step("call list")
    print_version(page, "02 377 12 34")
    open_group(page, words["contact"])
    follow(page, menu_link(page, words["letters"]))
    journey.step("letters to print")
    print_version(page, "Bergensesteenweg 5")

    open_group(page, words["reports"])
    follow(page, menu_link(page, words["reports"]))
    journey.step("reports")
    follow(page, page.locator("main a[href^='/reports/print/']"))
    journey.step("report for the council")
    print_version(page, page.locator("main h1").inner_text())


def test_menu_groups_open_and_lead_on_without_javascript(browser, live_server, coordinator):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/login/")
        fill(page, page.locator("#id_username"), coordinator.username)
        fill(page, page.locator("#id_password"), PASSWORD)
        follow(page, page.get_by_role("button", name="Aanmelden", exact=True))
        link = page.locator("nav a[href='/people/reach/calls/']")
        assert not link.is_visible()
        open_group(page, "Contact en brieven")
        assert link.is_visible()
        follow(page, link)
        assert page.url.endswith("/people/reach/calls/")
        assert link.get_attribute("aria-current") == "page"
    finally:
        context.close()
