"""Printing: the council report starts on its first page; the attendance list's print
button works under the Content-Security-Policy (a static script, no inline handler)."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.e2e.pdf_pages import text_operators_per_page
from tests.e2e.test_report_pages import QUERY, programme  # noqa: F401
from tests.e2e.test_workshop_pages import _upcoming

pytestmark = pytest.mark.browser

LANGUAGE_BUTTONS = {"nl": "Nederlands", "fr": "Français"}
PRINT_BUTTON = {"nl": "Deze lijst afdrukken", "fr": "Imprimer cette liste"}


def _start(page, user, language):
    log_in(page, user.username, PASSWORD)
    if language != "nl":
        choose_language(page, LANGUAGE_BUTTONS[language])


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_council_report_prints_from_its_first_page(page, programme, coordinator, language):  # noqa: F811
    _start(page, coordinator, language)
    page.goto("/reports/print/" + QUERY)
    audit(page)
    counts = text_operators_per_page(page.pdf(format="A4"))
    # Page 1 once held the title only (about 50 text runs) and the first report
    # started on page 2; now it is about as full as the pages after it.
    median = sorted(counts)[len(counts) // 2]
    assert counts[0] > median / 3, f"text runs per page: {counts}"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_attendance_print_button_opens_the_print_dialog(page, coordinator, language):
    w = _upcoming()
    refusals = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refusals.append(m.text))
    page.add_init_script("window.print = () => { window.printed = true; };")
    _start(page, coordinator, language)
    page.goto(f"/workshops/manage/{w.pk}/attendance/")
    button = page.get_by_role("button", name=PRINT_BUTTON[language])
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed === true")
    assert not refusals
    audit(page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_letters_and_devices_read_as_words_on_a_phone(phone_page, coordinator, resident, language):
    from buddies.messaging import outbox
    from buddies.messaging.models import RecipientKind
    from buddies.messaging.recipients import Recipient

    resident.devices = ["none"]
    resident.street, resident.postcode, resident.town = "Kerkstraat 1", "1600", "Sint-Pieters-Leeuw"
    resident.save(update_fields=["devices", "street", "postcode", "town"])
    person = Recipient(
        RecipientKind.RESIDENT, resident.pk, str(resident), language, "letter", resident.pk
    )
    outbox.queue(recipient=person, purpose="booked", text="Digibuddy", send_now=False)
    page = phone_page
    _start(page, coordinator, language)
    page.goto(f"/people/residents/{resident.pk}/")
    assert {"nl": "Geen toestel", "fr": "Aucun appareil"}[language] in page.inner_text("main")
    audit(page)
    page.goto("/people/reach/letters/")
    letter = page.locator("article.letter")
    assert {"nl": "Wat meebrengen", "fr": "Quoi apporter"}[language] in letter.inner_text()
    assert "Kerkstraat 1" in letter.inner_text()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(page)
