import django_filters
from django.utils.translation import gettext_lazy as _

from buddies.models import Topic
from buddies.validators import validate_plausible_day
from scheduling.sessions.models import HelpSession
from scheduling.sessions.slots import day_bounds


class SessionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=HelpSession.Status.choices)
    date_from = django_filters.DateFilter(
        validators=[validate_plausible_day],
        method="filter_from",
        label=_("From this day (Brussels time)"),
    )
    date_to = django_filters.DateFilter(
        validators=[validate_plausible_day],
        method="filter_to",
        label=_("Until this day (included)"),
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), field_name="topics", label=_("Topic")
    )

    class Meta:
        model = HelpSession
        fields = ["status", "location", "volunteer", "resident", "topic", "series"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(start__gte=day_bounds(value, value)[0])

    def filter_to(self, queryset, name, value):
        return queryset.filter(start__lt=day_bounds(value, value)[1])
