import django_filters

from referrals.models import (
    IncomingReferral,
    IntakeStatus,
    OutgoingReferral,
    ReferralStatus,
    Urgency,
)


class OutgoingReferralFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ReferralStatus.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    partner = django_filters.NumberFilter(field_name="service__partner")
    resident = django_filters.NumberFilter(field_name="resident")
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = OutgoingReferral
        fields = ["status", "urgency", "partner", "resident", "created_after", "created_before"]


class IncomingReferralFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=IntakeStatus.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    social_worker = django_filters.NumberFilter(field_name="referred_by")
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = IncomingReferral
        fields = ["status", "urgency", "social_worker", "created_after", "created_before"]
