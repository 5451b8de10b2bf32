"""One home for how days and hours are written: buddies.dates."""

from datetime import UTC, date, datetime, time

import pytest
from django.template import Context, Template
from django.utils import translation

from buddies import dates

# Tuesday 1 December 2026, 10:00 in Brussels (09:00 UTC).
MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "appointment", "hour", "day", "numeric", "short"),
    [
        ("nl", "dinsdag 01/12 om 10.00 uur", "10.00 uur", "1 december 2026", "01/12/2026",
         "di 01/12/2026 10:00"),
        ("fr", "mardi 01/12 à 10h00", "10h00", "1 décembre 2026", "01/12/2026",
         "mar 01/12/2026 10:00"),
        # English readers take 01/12 for 12 January: English writes the month out.
        ("en", "Tuesday 1 December at 10:00", "10:00", "1 December 2026", "1 December 2026",
         "Tue 1 December 2026, 10:00"),
    ],
)  # fmt: skip
def test_the_named_formats_in_each_language(language, appointment, hour, day, numeric, short):
    with translation.override(language):
        assert dates.appointment(MOMENT) == appointment
        assert dates.hour(MOMENT) == hour
        assert dates.day(MOMENT) == day
        assert dates.numeric_day(MOMENT) == numeric
        assert dates.numeric_day_time(MOMENT) == (
            "1 December 2026, 10:00" if language == "en" else "01/12/2026 10:00"
        )
        assert dates.short_when(MOMENT) == short
        assert dates.written(MOMENT, "weekday_day") == {
            "nl": "dinsdag 1 december 2026", "fr": "mardi 1 décembre 2026",
            "en": "Tuesday 1 December 2026",
        }[language]  # fmt: skip
        assert dates.clock(MOMENT) == dates.clock(time(10)) == "10:00"


def test_empty_values_are_written_as_nothing():
    assert dates.numeric_day(None) == "" and dates.day(None) == ""


def test_pages_write_dates_through_the_same_formats():
    page = Template(
        '{% load dates %}{{ m|when:"weekday_day_time" }}|{{ d|when:"day" }}|{{ m|appointment }}'
    )
    with translation.override("nl"):
        text = page.render(Context({"m": MOMENT, "d": date(2026, 12, 1)}))
    assert text == "dinsdag 1 december 2026, 10:00|1 december 2026|dinsdag 01/12 om 10.00 uur"


def test_a_workshop_sms_writes_its_time_as_a_session_sms_does():
    from types import SimpleNamespace

    from buddies.messaging.texts import Visit, session_text
    from buddies.people.places import Place
    from scheduling.workshops import notify

    location = SimpleNamespace(name="LDC Meander", phone=None)
    workshop = SimpleNamespace(title="Itsme", start=MOMENT, location=location)
    with translation.override("fr"):
        workshop_when = notify._place(workshop)["when"]
        session = session_text("booked", Visit(MOMENT, Place("LDC Meander", "", "")), sms=True)
    assert workshop_when == "mardi 01/12 à 10h00"
    assert workshop_when in session
