"""The social worker's journey, by keyboard, in Dutch and French.

Sofie logs in and refers Jeanne Dubois: French-speaking, only a landline, needs
itsme and online banking. She first picks SMS by mistake, reads the error summary
and fixes it. She sees the referral's status; a coordinator accepts it, matching
finds Jan (who speaks French) and a first session is booked, all through the real
services. Later Sofie sees "matched" with the first appointment and prints the
appointment card. Every page is axe-audited and checked at 400% zoom.
"""

from datetime import timedelta

import pytest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from buddies.models import Topic
from referrals.intake import services as intake_services
from referrals.models import IncomingReferral
from scheduling.matching import services as matching_service
from scheduling.models import MatchProposal
from scheduling.sessions import booking
from scheduling.sessions.slots import find_slots
from tests.e2e.journey import Journey, check, fill, follow, log_in, press, select
from tests.scheduling.conftest import make_place, make_ready

pytestmark = pytest.mark.browser

# Controls are found by their words in the page's language; a few checks below spell
# out the Dutch or French, so a page that stayed in English would fail.
LABELS = {
    "refer": "Refer a resident to the buddy programme",
    "follow": "Follow your referrals: status, timeline and next appointment",
    "landline": "A landline cannot receive SMS. Choose a phone call, or add a mobile number.",
    "sms": "SMS",
    "call": "Phone call",
    "banking": "Online banking",
    "new": "New",
    "matched": "Matched with a buddy",
    "no_appointment": "No appointment yet",
    "card": "Print the appointment card",
    "print": "Print the card",
}
SPELLED = {
    "nl": {"matched": "Gekoppeld aan een buddy", "weekday": "dinsdag"},
    "fr": {"matched": "Associé à un buddy", "weekday": "mardi"},
}


def words(language: str) -> dict:
    with translation.override(language):
        found = {key: gettext(text) for key, text in LABELS.items()}
    found["banking"] = {"nl": "Online bankieren", "fr": "Banque en ligne"}[language]
    return found | SPELLED[language]


# The card is in the resident's language (French), whatever the social worker reads.
CARD = {
    "title": "Vos rendez-vous avec votre buddy numérique",
    "never": "Nous ne vous demanderons jamais vos codes",
}


@pytest.fixture
def programme(volunteer):
    """A place with a computer corner, the two topics, and Jan ready to help there."""
    place = make_place()
    itsme = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    banking = Topic.objects.create(
        slug="online-banking",
        name_nl="Online bankieren",
        name_fr="Banque en ligne",
        name_en="Online banking",
    )
    make_ready(volunteer, place, itsme)
    make_ready(volunteer, place, banking)
    return {"place": place, "topics": [itsme, banking]}


def refer_jeanne(page, journey, texts):
    """The intake form, with one slip (SMS to a landline) caught by the error summary."""
    follow(page, page.locator("main").get_by_role("link", name=texts["refer"]))
    journey.step("referral form")
    fill(page, page.locator("#id_first_name"), "Jeanne")
    fill(page, page.locator("#id_last_name"), "Dubois")
    fill(page, page.locator("#id_birth_year"), "1945")
    fill(page, page.locator("#id_phone"), "02 377 12 34")
    select(page, page.locator("#id_language"), "Français")
    select(page, page.locator("#id_preferred_channel"), texts["sms"])
    fill(page, page.locator("#id_question"), "Elle veut payer en ligne et se connecter avec itsme.")
    check(page, page.get_by_label("itsme", exact=True))
    check(page, page.get_by_label(texts["banking"], exact=True))
    check(page, page.get_by_label("LDC Meander", exact=True))
    check(page, page.locator("#id_times_2"))  # Tuesday morning
    check(page, page.locator("#id_consent_confirmed"))
    follow(page, page.locator("form.form button[type=submit]"))

    summary = page.get_by_role("alert")
    assert texts["landline"] in summary.inner_text()
    channel = page.locator("#id_preferred_channel")
    assert channel.get_attribute("aria-invalid") == "true"  # the error is tied to its field
    assert "id_preferred_channel_error" in channel.get_attribute("aria-describedby")
    assert texts["landline"] in page.locator("#id_preferred_channel_error").inner_text()
    journey.step("referral form with an error")
    press(page, summary.get_by_role("link").first)
    assert page.evaluate("document.activeElement.id") == "id_preferred_channel"
    select(page, page.locator("#id_preferred_channel"), texts["call"])
    follow(page, page.locator("form.form button[type=submit]"))


def open_referral(page, journey, texts, name="Jeanne Dubois"):
    """From any page: home, the list of referrals, the referral."""
    follow(page, page.locator("a.brand"))
    follow(page, page.locator("main").get_by_role("link", name=texts["follow"]))
    journey.step("referral list")
    follow(page, page.locator("main").get_by_role("link", name=name))


def coordinator_accepts_and_matches(coordinator, referral):
    intake_services.change_intake_status(referral=referral, to="accepted", by=coordinator)
    run = matching_service.run_now(by=coordinator, reason="journey")
    proposal = MatchProposal.objects.get(run=run, resident=referral.resident)
    matching_service.accept_proposal(proposal=proposal, by=coordinator)
    assert intake_services.sync_open_referrals() == 1


def coordinator_books_first_session(coordinator, referral, programme, volunteer):
    """The first free Tuesday-morning hour with Jan, as the booking page would offer it."""
    now = timezone.now()
    slots = find_slots(
        location=programme["place"],
        start_from=now + timedelta(days=1),
        until=now + timedelta(days=21),
        resident=referral.resident,
        volunteer=volunteer.volunteer,
        topic_ids=[t.pk for t in programme["topics"]],
        any_volunteer=False,
    )
    slot = next(s for s in slots if timezone.localtime(s.start).weekday() == 1)
    return booking.book_session(
        resident=referral.resident,
        location=programme["place"],
        topics=programme["topics"],
        start=slot.start,
        volunteer=volunteer.volunteer,
        by=coordinator,
    )


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_social_worker_refers_follows_and_prints_the_card(
    page, social_worker, coordinator, volunteer, programme, language
):
    texts = words(language)
    journey = Journey(page, "social-worker", language)
    log_in(page, journey, social_worker.username, language)

    refer_jeanne(page, journey, texts)
    referral = IncomingReferral.objects.get()
    jeanne = referral.resident
    assert (jeanne.language, jeanne.preferred_channel) == ("fr", "phone")
    assert str(jeanne.phone) == "+3223771234"
    assert sorted(t.slug for t in referral.topics.all()) == ["itsme", "online-banking"]
    status = page.locator(".facts")
    assert texts["new"] in status.inner_text()
    with translation.override(language):  # dates written out: "26 november 2026"
        assert formats.date_format(timezone.localdate(), "j F Y") in status.inner_text()
    journey.step("referral sent")

    coordinator_accepts_and_matches(coordinator, referral)
    open_referral(page, journey, texts)
    assert texts["matched"] in status.inner_text()
    assert texts["no_appointment"] in status.inner_text()
    journey.step("referral matched")

    session = coordinator_books_first_session(coordinator, referral, programme, volunteer)
    open_referral(page, journey, texts)
    start = timezone.localtime(session.start)
    facts = status.inner_text()
    assert texts["matched"] in facts
    assert f"{texts['weekday']} {start.day} " in facts and str(start.year) in facts
    assert f"{start:%H:%M}" in facts and "LDC Meander" in facts and "Jan" in facts
    journey.step("first appointment")

    follow(page, page.locator("main").get_by_role("link", name=texts["card"]))
    journey.step("appointment card")
    print_card(page, texts, start)
    journey.step("printed card")


def print_card(page, texts, start):
    """The print button opens the browser's print dialog; the printout is the card alone."""
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    press(page, page.get_by_role("button", name=texts["print"]))
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    for hidden in ("header.site-header", "footer.site-footer", "main h1"):
        assert not page.locator(hidden).first.is_visible(), hidden
    card = page.locator("section.card")
    text = card.inner_text()
    for expected in (CARD["title"], "Jeanne Dubois", CARD["never"], "02 370 88 80"):
        assert expected in text
    assert f"mardi {start:%d/%m}" in text and f"{start.hour}h{start:%M}" in text
    assert "LDC Meander" in text and "Welzijnsweg 2" in text
    size = card.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 18, f"the printed card's type is too small: {size}px"


class WithoutChecks:
    """Stands in for a Journey where axe cannot run: with JavaScript off."""

    def step(self, title: str) -> None:
        pass


def test_without_javascript_the_referral_and_the_card_still_work(
    browser, live_server, social_worker, coordinator, volunteer, programme
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        texts = words("nl")
        log_in(page, WithoutChecks(), social_worker.username, "nl")
        refer_jeanne(page, WithoutChecks(), texts)
        referral = IncomingReferral.objects.get()
        assert texts["new"] in page.locator(".facts").inner_text()
        coordinator_accepts_and_matches(coordinator, referral)
        coordinator_books_first_session(coordinator, referral, programme, volunteer)
        open_referral(page, WithoutChecks(), texts)
        follow(page, page.locator("main").get_by_role("link", name=texts["card"]))
        assert page.locator("section.card").is_visible()
        assert not page.get_by_role("button", name=texts["print"]).is_visible()
    finally:
        context.close()
