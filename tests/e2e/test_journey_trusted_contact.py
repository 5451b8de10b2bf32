"""The trusted contact's journey, by keyboard, in Dutch and French.

Jeanne (French-speaking, a landline only) has a first appointment with Jan. Her
social worker makes a calendar link for Luc, her son, on the real calendar page
and passes on the address of its page. Luc opens it without an account: the page
is in his language, shows the appointments as on the printed card and explains how
to add them to a calendar app; the feed itself is fetched over HTTP as a calendar
app would; then he prints the card and reads it.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar

from buddies.models import Resident, Topic, TrustedContact
from scheduling.sessions import booking
from scheduling.sessions.slots import find_slots
from tests.e2e.journey import Journey, fill, press, tab_to
from tests.scheduling.conftest import make_place, make_ready

pytestmark = pytest.mark.browser

SPELLED = {
    "nl": {
        "title": "Afspraken van Jeanne",
        "card": "Uw afspraken met uw digitale buddy",
        "never": "Wij vragen nooit naar uw codes",
        "summary": "Afspraak Digibuddy",
        "at": "om",
    },
    "fr": {
        "title": "Rendez-vous de Jeanne",
        "card": "Vos rendez-vous avec votre buddy numérique",
        "never": "Nous ne vous demanderons jamais vos codes",
        "summary": "Rendez-vous Digibuddy",
        "at": "à",
    },
}


@pytest.fixture
def jeanne(social_worker, coordinator, volunteer):
    """Jeanne with her son Luc as trusted contact, and a first session with Jan booked."""
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    make_ready(volunteer, place, topic)
    resident = Resident.objects.create(
        first_name="Jeanne", last_name="Dubois", birth_year=1945, phone="+3223771234",
        language="fr", preferred_channel="phone", referred_by=social_worker,
    )  # fmt: skip
    now = timezone.now()
    slot = find_slots(
        location=place,
        start_from=now + timedelta(days=1),
        until=now + timedelta(days=21),
        resident=resident,
        volunteer=volunteer.volunteer,
        topic_ids=[topic.pk],
        any_volunteer=False,
    )[0]
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=slot.start,
        volunteer=volunteer.volunteer, by=coordinator,
    )  # fmt: skip
    return resident, session


def link_for_luc(live_server, social_worker, resident, language) -> str:
    """The social worker makes Luc's link on the resident's calendar page, over HTTP."""
    luc = TrustedContact.objects.create(
        resident=resident, name="Luc", phone="+32471999888", channel="sms", language=language
    )
    sofie = Client()
    sofie.force_login(social_worker)
    url = reverse("scheduling:resident-calendar", args=[resident.pk])
    page = sofie.post(url, {"section": f"contact-{luc.pk}", "action": "make"}).content.decode()
    marker = f'id="page-contact-{luc.pk}" type="text" readonly value="'
    address = page.split(marker, 1)[1].split('"', 1)[0]
    assert address.startswith("http://testserver/cal/") and address.endswith("/")
    return live_server.url + address.removeprefix("http://testserver")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_trusted_contact_opens_the_calendar_link_and_reads_the_printed_card(
    page, live_server, social_worker, jeanne, language
):
    resident, session = jeanne
    spelled = SPELLED[language]
    with translation.override(language):
        labels = {
            "copy": gettext("Copy the address"),
            "copied": gettext("The address is copied."),
            "print": gettext("Print the appointments"),
        }
    journey = Journey(page, "trusted-contact", language)
    page.goto(link_for_luc(live_server, social_worker, resident, language))
    assert page.locator("html").get_attribute("lang") == language  # Luc's, not the browser's
    assert page.get_by_role("heading", level=1).inner_text() == spelled["title"]
    start = timezone.localtime(session.start)
    card = page.locator("section.card")
    assert f"{start:%d/%m}" in card.inner_text() and "LDC Meander" in card.inner_text()
    assert not page.locator("nav").count()  # no account, no menu
    journey.step("calendar page")

    address = page.get_by_label(gettext_in(language, "Calendar address"))
    tab_to(page, address)
    feed = page.request.get(address.input_value())
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert str(event["SUMMARY"]) == spelled["summary"]
    assert event.decoded("DTSTART") == session.start
    assert "LDC Meander" in str(event["LOCATION"])
    assert "Dubois" not in feed.text() and "+32" not in feed.text()
    press(page, page.get_by_role("button", name=labels["copy"]))
    # The clipboard answers asynchronously: wait for the message, then check it is there.
    page.get_by_role("status").filter(has_text=labels["copied"]).wait_for()
    journey.step("address copied")

    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    press(page, page.get_by_role("button", name=labels["print"]))
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    for hidden in ("header.site-header", "footer.site-footer", "main h1", "section.calendar-link"):
        assert not page.locator(hidden).first.is_visible(), hidden
    text = card.inner_text()
    for expected in (spelled["card"], spelled["never"], "Jeanne", "LDC Meander", "Jan"):
        assert expected in text
    assert f"{start:%d/%m} {spelled['at']}" in text and "02 370 88 80" in text
    assert "Dubois" not in text  # whoever holds the link learns no more than needed
    size = card.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 18, f"the printed card's type is too small: {size}px"
    journey.step("printed card")


def gettext_in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_the_page_without_javascript_still_shows_the_address_and_the_card(
    browser, live_server, social_worker, jeanne
):
    resident, _session = jeanne
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(link_for_luc(live_server, social_worker, resident, "fr"))
        assert "/cal/" in page.locator("#calendar-address").input_value()
        assert page.locator("section.card").is_visible()
        assert not page.locator("button[data-copy]").is_visible()
        assert not page.locator("button[data-print]").is_visible()
        fill(page, page.locator("#calendar-address"), "")  # read-only: nothing changes
        assert page.locator("#calendar-address").input_value().endswith(".ics")
        assert page.locator("html").get_attribute("lang") == "fr"  # Luc's, without a cookie
    finally:
        context.close()
