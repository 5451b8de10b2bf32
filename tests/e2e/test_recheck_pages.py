"""A re-check of autonomy that fell due, seen and noted by a coordinator in a real
browser: keyboard only, in Dutch and French, axe-core audit on every step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buddies.models import Topic
from scheduling.models import AutonomyRecheck, HelpSession
from scheduling.outcomes.services import record_outcome
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.scheduling.conftest import make_place

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"list": "Hercontroles te doen",
           "link": "De hercontrole van itsme voor Maria Van den Bossche noteren",
           "still": "Doet het nog altijd alleen",
           "save": "De hercontrole bewaren",
           "missing": "Kies wat de bewoner nu kan.",
           "saved": "Bedankt: de hercontrole is bewaard.",
           "done": "hergecontroleerd op",
           "level": "Basis 2: eenvoudige taken, zelfstandig en met begeleiding waar nodig"},
    "fr": {"list": "Revérifications à faire",
           "link": "Noter la revérification de itsme pour Maria Van den Bossche",
           "still": "Le fait toujours seul",
           "save": "Enregistrer la revérification",
           "missing": "Choisissez ce que l'habitant sait faire maintenant.",
           "saved": "Merci : la revérification est enregistrée.",
           "done": "revérifié le",
           "level": "Fondamental 2 : tâches simples, en autonomie et avec accompagnement si "
                    "nécessaire"},
}  # fmt: skip


@pytest.fixture
def alone_long_ago(resident, volunteer, coordinator):
    """Maria did itsme alone at a session 100 days ago: her re-check is due."""
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    start = timezone.now() - timedelta(days=100)
    session = HelpSession.objects.create(
        resident=resident, volunteer=volunteer.volunteer, location=place,
        seat=place.seats.first(), start=start, end=start + timedelta(hours=1),
        status=HelpSession.Status.DONE, duration_minutes=60,
    )  # fmt: skip
    session.topics.set([topic])
    record_outcome(session=session, abilities={topic.pk: "alone"}, by=coordinator)
    return resident


def _press(page, element) -> None:
    element.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_sees_a_due_recheck_and_notes_it(page, coordinator, alone_long_ago, language):
    words = WORDS[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/rechecks/")
    if language != "nl":
        choose_language(page, "Français")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", name=words["list"]).is_visible()
    audit(page)
    _press(page, page.get_by_role("link", name=words["link"]))
    audit(page)
    _press(page, page.get_by_role("button", name=words["save"]))  # nothing chosen yet
    assert words["missing"] in page.content()
    audit(page)
    page.get_by_label(words["still"]).check()
    page.locator("#id_note").fill("Lukte zonder hulp")
    _press(page, page.get_by_role("button", name=words["save"]))
    assert words["saved"] in page.content()
    assert words["done"] in page.content()
    assert words["level"] in page.content()
    audit(page)
    row = AutonomyRecheck.objects.get(resident=alone_long_ago)
    assert (row.result, row.note, row.checked_by) == ("alone", "Lukte zonder hulp", coordinator)
    assert row.checked_on == timezone.localdate()
    page.goto("/places/rechecks/")
    assert page.get_by_role("link", name=words["link"]).count() == 0
    audit(page)


def test_recheck_pages_fit_a_phone(phone_page, coordinator, alone_long_ago):
    log_in(phone_page, coordinator.username, PASSWORD)
    for url in ("/places/rechecks/", f"/places/residents/{alone_long_ago.pk}/progress/"):
        phone_page.goto(url)
        assert not phone_page.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        ), url
        audit(phone_page)


@pytest.mark.parametrize(
    ("language", "heading", "table"),
    [
        ("nl", "Onderwerpen en digitale competenties", "Wat elk onderwerp oefent"),
        ("fr", "Sujets et compétences numériques", "Ce que chaque sujet exerce"),
    ],
)
def test_the_topics_competences_page_reads_in_both_languages(
    page, coordinator, alone_long_ago, language, heading, table
):
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/topics/frameworks/")
    if language != "nl":
        choose_language(page, "Français")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("table", name=table).is_visible()
    audit(page)
