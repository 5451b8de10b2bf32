from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from buddies.privacy.reads import LogsReadsAdminMixin
from referrals import models


class PartnerServiceInline(admin.StackedInline):
    model = models.PartnerService
    extra = 0
    show_change_link = True
    fields = ["name_nl", "name_fr", "name_en", "active"]


@admin.register(models.Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "referral_email", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    inlines = [PartnerServiceInline]


class ContactPointInline(admin.StackedInline):
    model = models.ContactPoint
    extra = 0
    filter_horizontal = ["languages"]


@admin.register(models.PartnerService)
class PartnerServiceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "active"]
    list_filter = ["partner__kind", "active"]
    search_fields = ["name_nl", "name_fr", "name_en", "partner__name"]
    filter_horizontal = ["topics"]
    inlines = [ContactPointInline]


class ReferralEventInline(admin.TabularInline):
    model = models.ReferralEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "from_status", "to_status", "actor", "by", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.OutgoingReferral)
class OutgoingReferralAdmin(LogsReadsAdminMixin, SimpleHistoryAdmin):
    """Read-only here: changes go through the pages and API, which keep the rules."""

    list_display = ["resident", "service", "status", "urgency", "created_at"]
    list_filter = ["status", "urgency", "service__partner"]
    inlines = [ReferralEventInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
