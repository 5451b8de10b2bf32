from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduling.places.models import Location


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "town", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "street", "town"]
    # Chosen on the resident's and the volunteer's own pages, not as a list of everyone here.
    exclude = ["preferring_residents", "volunteers"]


# Workshops keep their admin pages beside their code.
from scheduling.workshops import admin as _workshop_admin  # noqa: E402, F401
