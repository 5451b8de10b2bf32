from django.contrib.admin.apps import AdminConfig


class DigibuddyAdminConfig(AdminConfig):
    default_site = "config.admin.DigibuddyAdminSite"
