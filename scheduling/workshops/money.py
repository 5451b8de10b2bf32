"""Money figures for the UiTPAS settlement: exact Decimal, two places, never float."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats

from scheduling.workshops.models import BILLABLE, RegistrationStatus, Tariff

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


def euro(amount: Decimal) -> str:
    """ "€ 5,00" in Dutch and French, "€ 5.00" in English."""
    return "€\u00a0" + formats.number_format(amount, 2, use_l10n=True)


def _sum(field: str, condition: Q):
    return Coalesce(Sum(field, filter=condition), Value(ZERO), output_field=_MONEY_FIELD)


def aggregates(prefix: str = "") -> dict:
    """Aggregate expressions over registrations (or over `prefix` from a workshop)."""

    def q(**kwargs) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in kwargs.items()})

    billable = q(status__in=BILLABLE)
    standard = billable & q(tariff=Tariff.STANDARD)
    social = billable & q(tariff=Tariff.SOCIAL)
    dropped = q(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.OFFER_EXPIRED])
    return {
        "standard_count": Count(f"{prefix}pk", filter=standard),
        "social_count": Count(f"{prefix}pk", filter=social),
        "standard_due": _sum(f"{prefix}price_due", standard),
        "social_due": _sum(f"{prefix}price_due", social),
        "received": _sum(f"{prefix}amount_paid", billable),
        "to_refund": _sum(f"{prefix}amount_paid", dropped & q(amount_paid__gt=0)),
    }


@dataclass(frozen=True)
class MoneySummary:
    """What a workshop (or a month of workshops) brought in and still has to.

    Counts and amounts cover confirmed places (registered, attended, no-show);
    money paid for a place later cancelled is shown apart, to refund.
    """

    standard_count: int = 0
    social_count: int = 0
    standard_due: Decimal = ZERO
    social_due: Decimal = ZERO
    received: Decimal = ZERO
    to_refund: Decimal = ZERO

    @classmethod
    def from_row(cls, row) -> "MoneySummary":
        get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
        money = {
            name: Decimal(get(name)).quantize(CENT)
            for name in ("standard_due", "social_due", "received", "to_refund")
        }
        return cls(standard_count=get("standard_count"), social_count=get("social_count"), **money)

    @property
    def count(self) -> int:
        return self.standard_count + self.social_count

    @property
    def due(self) -> Decimal:
        return self.standard_due + self.social_due

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.received
