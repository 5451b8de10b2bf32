from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Places and sessions")

    def ready(self) -> None:
        from buddies import data_rights
        from scheduling import data_rights as scheduling_data

        # A resident's export and erasure cover their sessions and workshops too.
        titles = {
            "sessions": _("Help sessions"),
            "series": _("Series of sessions"),
            "workshop_registrations": _("Workshop registrations"),
        }
        for key, model, collect in scheduling_data.SECTIONS:
            data_rights.register_export_section(
                key, title=titles[key], collect=collect, model=model
            )
        data_rights.register_eraser("sessions", scheduling_data.erase_sessions)
