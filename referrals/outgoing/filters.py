import django_filters

from buddies.validators import validate_plausible_day
from referrals.outgoing.models import OutgoingReferral, ReferralStatus, Urgency

# Ids are 64-bit: a larger number cannot name a row, and SQLite's driver raises
# OverflowError (a 500) on it, so the filter answers 400 instead.
MAX_ID = 2**63 - 1


def id_filter(field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name, min_value=1, max_value=MAX_ID)


class OutgoingReferralFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReferralStatus.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    partner = id_filter("service__partner")
    resident = id_filter("resident")
    created_after = django_filters.DateFilter(
        validators=[validate_plausible_day], field_name="created_at", lookup_expr="date__gte"
    )
    created_before = django_filters.DateFilter(
        validators=[validate_plausible_day], field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = OutgoingReferral
        fields = ["status", "urgency", "partner", "resident", "created_after", "created_before"]
