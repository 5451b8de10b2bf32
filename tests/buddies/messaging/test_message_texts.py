"""Message texts in nl/fr/en: weekday, dd/mm, time, place, call-back number; no link,
no request for a code; an SMS fits in two parts even with accented text."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from buddies import dates
from buddies.messaging import texts
from buddies.messaging.models import Purpose
from buddies.messaging.sms import segments
from buddies.messaging.texts import Visit
from buddies.people.places import Place

TUESDAY_10 = datetime(2027, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
PLACE = Place("LDC Meander", "Welzijnsweg 2, 1600 Zuun", "02 370 88 80")
LONG_PLACE = Place(
    "Lokaal dienstencentrum 't Paviljoentje \u2013 Château Œuvre",
    "Fabriekstraat 1A bus 3, 1601 Ruisbroek (Sint-Pieters-Leeuw)",
    "02 377 03 55",
)
EXPECTED = {
    "nl": ("dinsdag", "10.00 uur", "16/03"),
    "fr": ("mardi", "10h00", "16/03"),
    "en": ("Tuesday", "10:00", "16 March"),  # 16/03 reads as a month 16 in English
}
ASKS_FOR_A_SECRET = re.compile(r"code|pin\b|wachtwoord|mot de passe|password|paswoord", re.I)
SESSION_PURPOSES = [Purpose.BOOKED, Purpose.CHANGED, Purpose.CANCELLED, Purpose.REMINDER]


def all_texts(language: str, place: Place, sms: bool) -> dict[str, str]:
    visit = Visit(TUESDAY_10, place, "Jérôme")
    with translation.override(language):
        found = {p: texts.session_text(p, visit, sms=sms) for p in SESSION_PURPOSES}
        found["copy"] = texts.session_text(
            Purpose.REMINDER, visit, sms=sms, prefix=texts.copy_prefix("Hélène")
        )
    return found


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("sms", [True, False])
def test_session_texts_say_when_where_and_whom_to_call(language, sms):
    weekday, hour, day = EXPECTED[language]
    for purpose, text in all_texts(language, PLACE, sms).items():
        assert weekday in text, (purpose, text)
        assert day in text, (purpose, text)
        assert hour in text, (purpose, text)
        assert "LDC Meander" in text, (purpose, text)
        assert "02 370 88 80" in text, (purpose, text)
        assert "http" not in text.lower() and "www" not in text.lower(), text
        assert not ASKS_FOR_A_SECRET.search(text), text


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_texts_are_translated(language):
    text = all_texts(language, PLACE, sms=False)[Purpose.BOOKED]
    opening = {"nl": "afspraak", "fr": "rendez-vous", "en": "appointment"}[language]
    assert opening in text


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_sms_fits_in_two_parts_with_accented_text_and_a_long_place(language):
    for purpose, text in all_texts(language, LONG_PLACE, sms=True).items():
        assert segments(text) <= 2, (purpose, len(text), text)
        assert "02 377 03 55" in text, text


def test_pair_text_names_the_buddy_and_the_number():
    for language in ("nl", "fr", "en"):
        with translation.override(language):
            text = texts.pair_text(buddy="Jérôme", place=PLACE, sms=True)
        assert "Jérôme" in text and "02 370 88 80" in text
        assert segments(text) <= 2
        assert not ASKS_FOR_A_SECRET.search(text)


def test_card_says_we_never_ask_for_codes():
    with translation.override("nl"):
        lines = texts.card_lines(visits=[Visit(TUESDAY_10, PLACE, "Jan")], place=PLACE)
    card = "\n".join(lines)
    assert "dinsdag 16/03 om 10.00 uur" in card
    assert "nooit" in card and "code" in card
    assert "02 370 88 80" in card


def test_dates_are_written_as_the_issue_asks():
    expected = {
        "nl": "dinsdag 16/03 om 10.00 uur",
        "fr": "mardi 16/03 à 10h00",
        "en": "Tuesday 16 March at 10:00",
    }
    for language, text in expected.items():
        with translation.override(language):
            assert dates.appointment(TUESDAY_10) == text


def test_segments_count_gsm_and_ucs2_properly():
    assert segments("é" * 160) == 1  # é is in the GSM alphabet
    assert segments("é" * 161) == 2
    assert segments("ê" * 70) == 1  # ê is not: the whole text becomes UCS-2
    assert segments("ê" * 71) == 2
    assert segments("ê" * 134) == 2
    assert segments("ê" * 135) == 3
    assert segments("€" * 80) == 1  # € takes two septets
    assert segments("€" * 81) == 2
    assert segments("a" * 152 + "€") == 1
    assert segments("a" * 306) == 2
    assert segments("a" * 305 + "€") == 3  # an escape pair never splits over two parts
