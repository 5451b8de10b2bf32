from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from buddies.privacy.reads import LogsReadsAdminMixin
from scheduling.calendars.models import InvitationReply
from scheduling.outcomes.frameworks import DIGCOMP_COMPETENCES, EDS_AREAS
from scheduling.outcomes.models import AutonomyRecheck, TopicCompetence
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


@admin.register(TopicCompetence)
class TopicCompetenceAdmin(admin.ModelAdmin):
    """Which DigComp 2.2 competences and Essential Digital Skills areas a topic trains
    (codes in scheduling.outcomes.frameworks); the reports count autonomy by these."""

    list_display = ["topic", "framework", "code", "label"]
    list_filter = ["framework", "topic"]

    @admin.display(description=_("name"))
    def label(self, obj) -> str:
        if obj.framework == TopicCompetence.Framework.DIGCOMP:
            return str(DIGCOMP_COMPETENCES.get(obj.code, ""))
        return str(EDS_AREAS.get(obj.code, ""))


@admin.register(AutonomyRecheck)
class AutonomyRecheckAdmin(LogsReadsAdminMixin, admin.ModelAdmin):
    """Re-checks of autonomy as they were noted (recorded through the re-check pages)."""

    list_display = ["resident", "topic", "reached_at", "due_on", "result", "checked_on"]
    list_filter = ["result"]
    readonly_fields = [
        "resident", "topic", "reached_at", "due_on", "marked_due_at", "result", "checked_on",
        "checked_by", "note", "recorded_at",
    ]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# Workshops keep their admin pages beside their code.
from scheduling.workshops import admin as _workshop_admin  # noqa: E402, F401
