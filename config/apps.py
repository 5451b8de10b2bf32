from django.contrib.admin.apps import AdminConfig


class DigibuddyAdminConfig(AdminConfig):
    default_site = "config.admin.DigibuddyAdminSite"

    def ready(self) -> None:
        super().ready()
        from config import checks  # noqa: F401  (registers the project's system checks)
