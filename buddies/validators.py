"""What a person may type: one validator per kind of value, for models, forms and
serializers alike (Django validators; DRF runs them too and answers 400).

- `validate_person_name`: a name shows on lists, letters, SMS and exports. A line
  break or a bidirectional override (U+202A-U+202E, U+2066-U+2069) would let a
  name rewrite the line around it ("Maria\u202eSMS" reads backwards); every
  control and format character is refused, plain spaces, hyphens and accents stay.
- `validate_birth_year`: a year a living resident or volunteer can be born in,
  1900 up to this year.
- `validate_plausible_day`: a day (or moment) within the years the programme plans
  and reports in. Far-off days such as 9999-12-31 or 0001-01-01 leave Python's
  date range as soon as a day is added or Brussels time becomes UTC.
"""

import unicodedata
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_BIRTH_YEAR = 1900
FIRST_YEAR = 1900
LAST_YEAR = 2100

# Unicode categories of characters that are not visible text: controls (Cc, line
# breaks and tabs among them), formats (Cf, the bidi overrides and isolates, zero
# widths), line and paragraph separators (Zl, Zp), surrogates and private use.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def hidden_characters(value: str) -> list[str]:
    return [char for char in value if unicodedata.category(char) in HIDDEN_CATEGORIES]


def validate_person_name(value: str) -> None:
    if value and hidden_characters(value):
        raise ValidationError(
            _("A name may not contain line breaks or hidden control characters."),
            code="hidden_characters",
        )


def validate_birth_year(value: int | None) -> None:
    if value is None:
        return
    this_year = timezone.localdate().year
    if not FIRST_BIRTH_YEAR <= value <= this_year:
        raise ValidationError(
            _("Give a birth year between %(first)d and %(last)d."),
            code="birth_year",
            params={"first": FIRST_BIRTH_YEAR, "last": this_year},
        )


def validate_plausible_day(value: date | datetime | None) -> None:
    if value is None:
        return
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(first)d and %(last)d."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
