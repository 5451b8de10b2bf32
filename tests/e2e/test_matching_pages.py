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


@pytest.fixture
def partial_proposal(db):
    negenhof = place(seats=1)
    itsme = topic("itsme", "itsme", "itsme")
    myminfin = topic("myminfin", "MyMinfin", "MyMinfin")
    buddy("piet", languages=("nl", "fr"), topics=[itsme], places=[negenhof])
    monique = waiting("Monique", language="fr", places=[negenhof], weeks=4)
    monique.needs.add(itsme)
    monique.needs.add(myminfin)
    matching_service.run_now()


@pytest.mark.parametrize(
    ("language", "name", "still_open", "accept", "book"),
    [
        ("nl", "Nederlands", "Nog open", "Aanvaarden", "Deze eerste afspraak boeken"),
        ("fr", "Français", "Encore ouvert", "Accepter", "Réserver cette première séance"),
    ],
)
def test_a_partial_proposal_names_what_stays_open_and_is_accepted_with_the_keyboard(
    page, coordinator, partial_proposal, language, name, still_open, accept, book
):
    page.goto("/login/")
    if language != "nl":
        choose_language(page, name)
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/matching/")
    assert page.locator("dt", has_text=still_open).is_visible()
    assert page.locator("dd.still-open").inner_text().startswith("MyMinfin")
    audit(page)
    button = page.get_by_role("button", name=accept)
    for _ in range(80):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    audit(page)
    # The first session is booked for the needs the buddy covers.
    page.get_by_role("button", name=book).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/places/sessions/" in page.url
    audit(page)


@pytest.fixture
def nobody_fits(db):
    negenhof = place(seats=1)
    buddy("piet", languages=("nl", "fr"), places=[negenhof])
    waiting("Monique", language="fr", places=[negenhof], weeks=4)
    matching_service.run_now()  # Piet is proposed; the coordinator pairs by hand instead


@pytest.mark.parametrize(
    ("language", "name", "link", "volunteer", "reason", "button", "error"),
    [
        ("nl", "Nederlands", "Kies een buddy voor", "Vrijwilliger", "Waarom koppel je",
         "Maak hen buddy's", "vereist"),
        ("fr", "Français", "Choisir un buddy pour", "Bénévole", "Pourquoi les associez",
         "En faire des binômes", "obligatoire"),
    ],
)  # fmt: skip
def test_coordinator_pairs_by_hand_with_the_keyboard(
    page, coordinator, nobody_fits, language, name, link, volunteer, reason, button, error
):
    from buddies.models import Resident

    page.goto("/login/")
    if language != "nl":
        choose_language(page, name)
    log_in(page, coordinator.username, PASSWORD)
    monique = Resident.objects.get(first_name="Monique")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/matching/residents/{monique.pk}/pair/")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(page)
    page.get_by_label(volunteer).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name=button).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert error in page.get_by_role("alert").inner_text()
    audit(page)
    page.get_by_label(reason).focus()
    page.keyboard.type("Kent haar van de buurt")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/matching/")
    assert page.get_by_role("status").first.is_visible()
    audit(page)
