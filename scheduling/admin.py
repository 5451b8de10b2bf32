from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduling.places.models import Location


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "town", "phone", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "street", "town"]


# Workshops keep their admin pages beside their code.
from scheduling.workshops import admin as _workshop_admin  # noqa: E402, F401
