import pytest

from scheduling.matching import services as matching_service
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.scheduling.matching.matching_builders import buddy, place, topic, waiting

pytestmark = pytest.mark.browser

LANGUAGES = {
    "nl": ("Nederlands", "Voorstellen voor een buddy", "Gaat naar Negenhof."),
    "fr": ("Français", "Propositions de binôme", "Va à Negenhof."),
}


@pytest.fixture
def proposals(db):
    negenhof = place(seats=1)
    myminfin = topic("myminfin", "MyMinfin", "MyMinfin")
    buddy("piet", languages=("nl", "fr"), topics=[myminfin], places=[negenhof])
    waiting("Monique", language="fr", needs=[myminfin], places=[negenhof], weeks=4)
    waiting("Ahmed", language="fr", needs=[], places=[], weeks=2)
    waiting("Jef", needs=[myminfin], places=[negenhof], weeks=1)
    matching_service.run_now()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_proposals_page_has_no_accessibility_violations(page, coordinator, proposals, language):
    page.goto("/login/")
    if language != "nl":
        choose_language(page, LANGUAGES[language][0])
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/matching/")
    _name, heading, reason = LANGUAGES[language]
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_text(reason).first.is_visible()
    audit(page)
    page.goto("/matching/unmatched/")
    audit(page)


def test_coordinator_rejects_then_accepts_with_the_keyboard_on_a_phone(
    phone_page, coordinator, proposals
):
    log_in(phone_page, coordinator.username, PASSWORD)
    phone_page.goto("/matching/")
    wider = phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not wider
    phone_page.get_by_role("link", name="afwijzen voor").first.click()
    phone_page.get_by_role("button", name="Dit voorstel afwijzen").click()
    assert phone_page.get_by_role("alert").is_visible()
    audit(phone_page)
    phone_page.get_by_label("Waarom past deze buddy niet bij de bewoner?").fill("Andere wijk")
    phone_page.get_by_role("button", name="Dit voorstel afwijzen").click()
    assert "afgewezen" in phone_page.get_by_role("status").first.inner_text()


def test_coordinator_accepts_and_books_the_first_session_with_the_keyboard(
    page, coordinator, proposals
):
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/matching/")
    page.get_by_role("button", name="Aanvaarden:").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Nieuwe duo's: boek hun eerste afspraak").is_visible()
    audit(page)
    page.get_by_role("button", name="Deze eerste afspraak boeken").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/places/sessions/" in page.url
    assert "De eerste afspraak is geboekt." in page.get_by_role("status").first.inner_text()
    audit(page)
