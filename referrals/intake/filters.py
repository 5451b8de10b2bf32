"""Filters of the incoming-referral list (django-filter)."""

import django_filters

from buddies.validators import validate_plausible_day
from referrals.intake.models import IncomingReferral, IntakeStatus
from referrals.outgoing.filters import id_filter
from referrals.outgoing.models import Urgency


class IncomingReferralFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=IntakeStatus.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    social_worker = id_filter("referred_by")
    created_after = django_filters.DateFilter(
        validators=[validate_plausible_day], field_name="created_at", lookup_expr="date__gte"
    )
    created_before = django_filters.DateFilter(
        validators=[validate_plausible_day], field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = IncomingReferral
        fields = ["status", "urgency", "social_worker", "created_after", "created_before"]
