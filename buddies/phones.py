"""Phone numbers: Belgian by default, stored E.164, and whether they take SMS."""

import phonenumbers
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
