from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduling.calendars.models import InvitationReply
from scheduling.places.models import Location


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "town", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "street", "town"]
    # Chosen on the resident's and the volunteer's own pages, not as a list of everyone here.
    exclude = ["preferring_residents", "volunteers"]


@admin.register(InvitationReply)
class InvitationReplyAdmin(admin.ModelAdmin):
    """Volunteers' answers to invitations, as they arrived (scheduling.calendars.replies)."""

    list_display = ["received_at", "answer", "session", "volunteer", "comment"]
    list_filter = ["answer"]
    readonly_fields = ["session", "volunteer", "answer", "sequence", "comment", "received_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Workshops keep their admin pages beside their code.
from scheduling.workshops import admin as _workshop_admin  # noqa: E402, F401
