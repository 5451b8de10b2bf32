"""Phone numbers: Belgian by default, stored E.164, and whether they take SMS."""

import phonenumbers
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    LANDLINE = "landline", _("Landline")
    OTHER = "other", _("Other")


def phone_kind(number) -> PhoneKind:
    """Mobile or landline, from the numbering plan (a landline cannot receive SMS)."""
    parsed = (
        number if isinstance(number, phonenumbers.PhoneNumber) else phonenumbers.parse(str(number))
    )
    kind = phonenumbers.number_type(parsed)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return PhoneKind.MOBILE
    if kind == phonenumbers.PhoneNumberType.FIXED_LINE:
        return PhoneKind.LANDLINE
    return PhoneKind.OTHER


def parse_phone(raw: str, *, field: str) -> str:
    """Read a phone number as people type it; return E.164, or "" when left empty.

    Belgian numbers may be written nationally ("0470 12 34 56") or with +32 or
    0032; a number from abroad needs its country code. Raises RuleError on the
    field with a message in the active language.
    """
    from buddies.errors import RuleError

    text = (raw or "").strip()
    if not text:
        return ""
    if any(char.isalpha() for char in text):
        raise RuleError(
            _("A phone number has only digits, spaces and perhaps a + at the start."), field=field
        )
    try:
        number = phonenumbers.parse(text, "BE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise RuleError(
            _(
                "This is not a complete phone number. Belgian numbers look like "
                "0470 12 34 56 or 02 371 22 11; a number from abroad starts with + "
                "and its country code."
            ),
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_format(raw: str) -> str:
    """A stored or configured number as Belgians write it (02 371 22 11); as given if odd."""
    try:
        number = phonenumbers.parse(raw, "BE")
    except phonenumbers.NumberParseException:
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def programme_phone() -> str:
    """The programme's number (settings.PROGRAMME_PHONE) as Belgians write it: the number
    to call back when a place has none of its own."""
    return national_format(settings.PROGRAMME_PHONE) if settings.PROGRAMME_PHONE else ""


def callback_phone(number) -> str:
    """A place's number to call back, else the programme's; national format."""
    return number.as_national if number else programme_phone()
