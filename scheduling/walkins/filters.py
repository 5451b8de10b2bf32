import django_filters
from django.utils.translation import gettext_lazy as _

from buddies.validators import validate_plausible_day
from scheduling.places.models import Location
from scheduling.sessions.slots import day_bounds
from scheduling.walkins.models import WalkInVisit


class WalkInFilter(django_filters.FilterSet):
    place = django_filters.ModelChoiceFilter(
        queryset=Location.objects.all(), field_name="location", label=_("Place")
    )
    date = django_filters.DateFilter(
        validators=[validate_plausible_day], method="filter_date", label=_("Day (Brussels time)")
    )

    class Meta:
        model = WalkInVisit
        fields = ["place", "date"]

    def filter_date(self, queryset, name, value):
        start, end = day_bounds(value, value)
        return queryset.filter(at__gte=start, at__lt=end)
