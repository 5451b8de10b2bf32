"""A walk-in at a computer corner, logged on a phone in a real browser: five keyboard
steps with the page's defaults, then the visit becomes a buddy request; in Dutch and
French, axe-core audit on every step."""

import pytest

from buddies.models import Resident, Topic
from scheduling.models import WalkInVisit
from scheduling.walkins import services
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.e2e.journey import assert_large_targets
from tests.scheduling.conftest import make_place

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"saved": "Bezoek bewaard", "register": "Deze bezoeker inschrijven voor een buddy",
           "submit": "Inschrijven voor een buddy", "listed": "1 bezoek",
           "held": "Computers die binnenlopers nu gebruiken"},
    "fr": {"saved": "Visite enregistrée", "register": "Inscrire ce visiteur pour un buddy",
           "submit": "Inscrire pour un buddy", "listed": "1 visite",
           "held": "Postes utilisés en ce moment par des visiteurs libres"},
}  # fmt: skip


@pytest.fixture
def corner(db):
    Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    return make_place()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_walk_in_is_logged_in_five_keys_and_becomes_a_buddy_request(
    phone_page, coordinator, corner, language
):
    page, words = phone_page, WORDS[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/walk-ins/new/")
    if language != "nl":
        choose_language(page, "Français")
    assert page.locator("html").get_attribute("lang") == language
    audit(page)
    assert_large_targets(page)
    # The topic has the focus; the place, the time (now) and "with help" are defaults.
    steps = ["i", "Tab", "Tab", "Tab", "Enter"]  # itsme, how it went, computer, Save
    for key in steps:
        page.keyboard.press(key)
    assert len(steps) < 6
    page.wait_for_url("**saved=*")
    assert words["saved"] in page.locator("[role=status]").inner_text()
    visit = WalkInVisit.objects.get()
    assert (visit.topic.slug, visit.outcome, visit.location) == ("itsme", "with_help", corner)
    assert visit.recorded_by == coordinator and not visit.has_personal_data
    audit(page)
    assert_large_targets(page)

    page.get_by_role("link", name=words["register"]).click()
    audit(page)
    page.locator("#id_first_name").fill("Jan")
    page.locator("#id_last_name").fill("Peeters")
    page.locator("#id_phone").fill("0471 22 33 44")
    page.locator("#id_consent").check()
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_load_state()
    assert "/people/residents/" in page.url, page.locator("main").inner_text()[:600]
    resident = Resident.objects.get()
    assert (resident.first_name, resident.status) == ("Jan", "waiting")
    assert [t.slug for t in resident.needs.all()] == ["itsme"]
    visit.refresh_from_db()
    assert visit.resident == resident

    page.goto(f"/places/walk-ins/?place={corner.pk}")
    assert words["listed"] in page.locator("main").inner_text()
    audit(page)

    # A visitor at a computer shows on the booking page, which books around them.
    services.log_visit(by=coordinator, location=corner, seat=corner.seats.order_by("pk").first())
    page.goto("/places/sessions/book/")
    assert words["held"] in page.locator("main").inner_text()
    audit(page)
