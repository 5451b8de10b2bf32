"""How the product writes days and times: a few named formats, in the active language.

Every text, page, report row and message writes a day or an hour through one of
these (pages through the `when` filter, buddies/templatetags/dates.py), so a
change of how we write a date lands everywhere at once. Aware datetimes are
shown in Brussels wall time.

- appointment: what a resident reads in an SMS, letter or card, the way people
  say it: "dinsdag 16/03 om 10.00 uur", "mardi 16/03 à 10h00", "Tuesday 16 March at 10:00";
- hour: the hour of an appointment alone: "10.00 uur", "10h00", "10:00";
- the written-out formats of pages: "day" 1 december 2026, "weekday_day"
  dinsdag 1 december 2026, each also "_time" (", 10:00"); "weekday_date"
  dinsdag 1 december when the year is clear; "month" december 2026;
- the numeric ones of rows, exports and staff messages: "numeric_day" 01/12/2026,
  "numeric_day_time" 01/12/2026 10:00, "short_when" di 01/12/2026 10:00, "clock" 10:00;
  in English these too are written out ("1 December 2026"), never 12/01/2026.
"""

from datetime import date, datetime, time

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FORMATS = {
    "day": "j F Y",
    "day_time": "j F Y, H:i",
    "weekday_day": "l j F Y",
    "weekday_day_time": "l j F Y, H:i",
    "weekday_date": "l j F",
    "weekday_date_time": "l j F, H:i",
    "month": "F Y",
    "numeric_day": "d/m/Y",
    "numeric_day_time": "d/m/Y H:i",
    "short_when": "D d/m/Y H:i",
    "clock": "H:i",
}
# 03/12/2026 is 3 December to a Belgian or British reader and 12 March to an
# American one: English pages and texts write the month out instead.
ENGLISH_FORMATS = {
    "numeric_day": "j F Y",
    "numeric_day_time": "j F Y, H:i",
    "short_when": "D j F Y, H:i",
}
HOUR_FORMATS = {"nl": "{h:02d}.{m:02d} uur", "fr": "{h:d}h{m:02d}", "en": "{h:02d}:{m:02d}"}


def _local(value: date | datetime | time) -> date | datetime | time:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def written(value: date | datetime | time | None, name: str) -> str:
    """`value` in the named format (see FORMATS), in the active language; "" for None."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if isinstance(value, time):
        return formats.time_format(value, FORMATS[name])
    return formats.date_format(value, _format(name))


def _is_english() -> bool:
    return (get_language() or "nl")[:2] == "en"


def _format(name: str) -> str:
    if _is_english():
        return ENGLISH_FORMATS.get(name, FORMATS[name])
    return FORMATS[name]


def hour(moment: datetime) -> str:
    """The hour as people say it in the active language: "10.00 uur", "10h00", "10:00"."""
    local = _local(moment)
    language = (get_language() or "nl")[:2]
    pattern = HOUR_FORMATS.get(language, HOUR_FORMATS["en"])
    return pattern.format(h=local.hour, m=local.minute)


def appointment(moment: datetime) -> str:
    """The weekday, dd/mm and the hour: "dinsdag 16/03 om 10.00 uur"."""
    local = _local(moment)
    return _("%(weekday)s %(date)s at %(time)s") % {
        "weekday": formats.date_format(local, "l"),
        "date": formats.date_format(local, "j F" if _is_english() else "d/m"),
        "time": hour(local),
    }


def day(value: date | datetime | None) -> str:
    """Written out: "1 december 2026"."""
    return written(value, "day")


def numeric_day(value: date | datetime | None) -> str:
    """ "01/12/2026": report rows, exports and staff messages."""
    return written(value, "numeric_day")


def numeric_day_time(value: datetime | None) -> str:
    """ "01/12/2026 10:00"."""
    return written(value, "numeric_day_time")


def short_when(value: datetime) -> str:
    """ "di 01/12/2026 10:00": a moment in a refusal or a log note, unambiguous."""
    return written(value, "short_when")


def clock(value: datetime | time) -> str:
    """ "10:00": a wall time in a staff message."""
    return written(value, "clock")
