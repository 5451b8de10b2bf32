from django.contrib.admin.apps import AdminConfig


class DigibuddyAdminConfig(AdminConfig):
    default_site = "config.admin.DigibuddyAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.core import checks

        from config.checks import site_url

        checks.register(site_url, checks.Tags.compatibility)
