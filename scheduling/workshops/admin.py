"""Admin for workshops: for corrections only; every workflow goes through the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from buddies.privacy.reads import LogsReadsAdminMixin
from scheduling.workshops.models import (
    CapacityChange,
    RegistrationEvent,
    Workshop,
    WorkshopRegistration,
)


class RegistrationEventInline(admin.TabularInline):
    model = RegistrationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "at", "by", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["title_nl", "location", "start", "capacity", "status"]
    list_filter = ["status", "location"]
    search_fields = ["title_nl", "title_fr", "title_en"]
    date_hierarchy = "start"


@admin.register(WorkshopRegistration)
class WorkshopRegistrationAdmin(LogsReadsAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "tariff", "price_due", "amount_paid", "created_at"]
    list_filter = ["status", "tariff", "payment_method"]
    list_select_related = ["workshop", "resident"]
    raw_id_fields = ["workshop", "resident"]
    inlines = [RegistrationEventInline]


@admin.register(CapacityChange)
class CapacityChangeAdmin(admin.ModelAdmin):
    list_display = ["workshop", "old_capacity", "new_capacity", "by", "at"]
    readonly_fields = ["workshop", "old_capacity", "new_capacity", "affected", "by", "at"]
