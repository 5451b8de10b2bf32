from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from buddies import models


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
class ResidentAdmin(SimpleHistoryAdmin):
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
class VolunteerAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "active", "max_residents", "max_sessions_per_week"]
    list_filter = ["active", "languages"]
    search_fields = ["user__first_name", "user__last_name"]
    inlines = [TrainingInline, AvailabilityInline, AbsenceInline]


@admin.register(models.Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["resident", "scope", "recipient", "given_at", "valid_until", "revoked_at"]
    list_filter = ["scope"]


@admin.register(models.BuddyPair)
class BuddyPairAdmin(SimpleHistoryAdmin):
    list_display = ["resident", "volunteer", "started_on", "ended_on"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The access log, read only: nobody edits or deletes what was logged."""

    list_display = ["at", "actor", "actor_kind", "action", "resident_id", "object_type", "path"]
    list_filter = ["action", "actor_kind"]
    search_fields = ["=resident_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
