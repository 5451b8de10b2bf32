"""Filters shared by the people pages and the API (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buddies.people import places
from buddies.people.models import Resident, SpokenLanguage, Topic, Volunteer
from config.api import BooleanFilter


def _topics(request=None):
    return Topic.objects.filter(active=True)


def _places(request=None):
    return places.active()


class ResidentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Resident.Status.choices)
    topic = django_filters.ModelChoiceFilter(
        label=_("Needs help with"), field_name="needs", queryset=_topics, to_field_name="slug"
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Speaks"), queryset=SpokenLanguage.objects.all(), method="filter_language"
    )
    place = django_filters.ModelChoiceFilter(
        label=_("Place"), field_name=places.RESIDENT_PLACES, queryset=_places
    )

    class Meta:
        model = Resident
        fields = ["status", "topic", "language", "place"]

    def filter_language(self, queryset, name, value):
        return queryset.filter(Q(language=value.code) | Q(other_languages=value)).distinct()


class VolunteerFilter(django_filters.FilterSet):
    active = BooleanFilter(label=_("Active"))
    topic = django_filters.ModelChoiceFilter(
        label=_("Trained for"), field_name="trainings__topic", queryset=_topics,
        to_field_name="slug",
    )  # fmt: skip
    language = django_filters.ModelChoiceFilter(
        label=_("Speaks"), field_name="languages", queryset=SpokenLanguage.objects.all()
    )
    place = django_filters.ModelChoiceFilter(
        label=_("Place"), field_name=places.VOLUNTEER_PLACES, queryset=_places
    )

    class Meta:
        model = Volunteer
        fields = ["active", "topic", "language", "place"]
