"""The small named checks workshop services are built from.

Each raises RuleError (400) or ConflictError (409) with a message staff can act on.
"""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from buddies.dates import numeric_day_time
from buddies.errors import RuleError
from buddies.models import Resident
from buddies.roles import Role, User, has_role
from scheduling.workshops.models import Tariff, Workshop


def clean_uitpas_number(number: str) -> str:
    """The UiTPAS number without spaces or dots, or RuleError if its format is wrong.

    publiq's UiTPAS API documentation: 13 digits (the first five name the
    municipality's counter, one marks the social tariff) ending in a Luhn check
    digit. The number is optional; we never read the tariff from it.
    """
    digits = "".join(number.split()).replace(".", "").replace("-", "")
    if not digits:
        return ""
    if len(digits) != 13 or not digits.isdigit() or not luhn.is_valid(digits):
        raise RuleError(
            _(
                "This is not a UiTPAS number. A UiTPAS number has 13 digits, as printed "
                "on the back of the card. Check the number or leave it empty."
            ),
            field="uitpas_number",
            code="uitpas_number",
        )
    return digits


def check_social_tariff(*, tariff: str, social_tariff_by: User | None) -> None:
    """The social tariff is chosen by a staff member who checked the card, never guessed."""
    if tariff != Tariff.SOCIAL:
        return
    if social_tariff_by is None or not has_role(
        social_tariff_by, Role.COORDINATOR, Role.SOCIAL_WORKER
    ):
        raise RuleError(
            _(
                "The social tariff needs a staff member who checked the UiTPAS card. "
                "Confirm that you checked it, or choose the standard tariff."
            ),
            field="tariff",
            code="social_tariff_unchecked",
        )


def check_can_register(*, resident: Resident | None, by: User) -> None:
    """Coordinators register anyone (and walk-ins at the desk); a social worker, the
    residents they referred."""
    if has_role(by, Role.COORDINATOR):
        return
    if has_role(by, Role.SOCIAL_WORKER) and resident is not None:
        if resident.referred_by_id == by.pk:
            return
        raise RuleError(
            _("You can only register residents you referred."), field="resident", code="not_yours"
        )
    raise RuleError(
        _("Only a coordinator registers people at the desk."), field="resident", code="not_yours"
    )


def check_takes_registrations(workshop: Workshop, now: datetime) -> None:
    if not workshop.takes_registrations:
        raise RuleError(
            _("This workshop does not take registrations (%(status)s).")
            % {"status": workshop.get_status_display()},
            code="not_open",
        )
    if now > workshop.registration_deadline:
        raise RuleError(
            _("Registration for this workshop closed on %(day)s.")
            % {"day": numeric_day_time(workshop.registration_deadline)},
            code="deadline",
        )
