from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from buddies import models
from buddies.people import places
from buddies.privacy import pending
from buddies.privacy.reads import LogsReadsAdminMixin


def _form_with_places(relation: str, label) -> type[forms.ModelForm]:
    """An admin form that also shows a person's places (a relation the places declare)."""

    def __init__(self, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.fields[relation].queryset = places.every()
        if self.instance.pk and relation not in self.initial:
            self.initial[relation] = list(getattr(self.instance, relation).all())

    field = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=capfirst(label), widget=forms.CheckboxSelectMultiple
    )
    return type("PlacesForm", (forms.ModelForm,), {relation: field, "__init__": __init__})


class PlacesAdmin(SimpleHistoryAdmin):
    """Saves the places chosen on the admin form, after the person themselves."""

    places_relation = ""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self.places_relation in form.cleaned_data:
            getattr(form.instance, self.places_relation).set(
                form.cleaned_data[self.places_relation]
            )


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "name_en", "active"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(models.SpokenLanguage)
class SpokenLanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


class ResidentTimeWindowInline(admin.TabularInline):
    model = models.ResidentTimeWindow
    extra = 0


class TrustedContactInline(admin.StackedInline):
    model = models.TrustedContact
    extra = 0


@admin.register(models.Resident)
class ResidentAdmin(LogsReadsAdminMixin, PlacesAdmin):
    form = _form_with_places(places.RESIDENT_PLACES, _("preferred places"))
    places_relation = places.RESIDENT_PLACES
    list_display = ["last_name", "first_name", "language", "status", "waiting_since"]
    list_filter = ["status", "language", "support_level"]
    search_fields = ["first_name", "last_name", "phone"]
    inlines = [ResidentTimeWindowInline, TrustedContactInline]


class TrainingInline(admin.TabularInline):
    model = models.Training
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = models.AvailabilityWindow
    extra = 0


class AbsenceInline(admin.TabularInline):
    model = models.Absence
    extra = 0


@admin.register(models.Volunteer)
class VolunteerAdmin(PlacesAdmin):
    form = _form_with_places(places.VOLUNTEER_PLACES, _("places I can go to"))
    places_relation = places.VOLUNTEER_PLACES
    list_display = ["__str__", "active", "max_residents", "max_sessions_per_week"]
    list_filter = ["active", "status", "languages"]
    search_fields = ["user__first_name", "user__last_name"]
    inlines = [TrainingInline, AvailabilityInline, AbsenceInline]
    # Pause and stop end pairs and hand sessions back: the volunteer's page does that.
    readonly_fields = ["active", "status", "paused_until"]


@admin.register(models.Consent)
class ConsentAdmin(LogsReadsAdminMixin, SimpleHistoryAdmin):
    list_display = ["resident", "scope", "recipient", "given_at", "valid_until", "revoked_at"]
    list_filter = ["scope"]


@admin.register(models.BuddyPair)
class BuddyPairAdmin(LogsReadsAdminMixin, SimpleHistoryAdmin):
    list_display = ["resident", "volunteer", "started_on", "ended_on"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The access log, read only: nobody edits or deletes what was logged."""

    list_display = ["at", "actor", "actor_kind", "action", "resident_id", "object_type", "path",
                    "query"]  # fmt: skip
    list_filter = ["action", "actor_kind"]
    search_fields = ["=resident_id", "resident_ids"]

    def changelist_view(self, request, extra_context=None):
        pending.flush()  # the reads still queued are shown too
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
