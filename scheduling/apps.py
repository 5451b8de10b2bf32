from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Places and sessions")

    def ready(self) -> None:
        from buddies import data_rights
        from buddies.messaging import recipients
        from buddies.messaging.models import RecipientKind
        from scheduling import data_rights as scheduling_data
        from scheduling.jobs.schedules import sync_schedules
        from scheduling.workshops.notify import WALK_IN_DIRECTORY

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

        # The periodic jobs are declared in code and synced once the tables exist.
        post_migrate.connect(sync_schedules, sender=self, dispatch_uid="scheduling.sync_schedules")
        # Someone registered at a workshop desk has only a name and phone, kept here.
        recipients.register_directory(RecipientKind.WALK_IN, WALK_IN_DIRECTORY)
