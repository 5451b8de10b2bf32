from django.contrib.admin.apps import AdminConfig


class DigibuddyAdminConfig(AdminConfig):
    default_site = "config.admin.DigibuddyAdminSite"

    def ready(self) -> None:
        super().ready()  # discovers every app's admin module
        from django.contrib import admin

        from config import checks  # noqa: F401  (registers the project's system checks)
        from config.admin_powers import guard_powers

        guard_powers(admin.site)
