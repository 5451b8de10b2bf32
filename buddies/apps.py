from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BuddiesConfig(AppConfig):
    name = "buddies"
    verbose_name = _("People")
    coordinators_manage = True  # buddies.roles gives coordinators its permissions

    def ready(self) -> None:
        from buddies.roles import ensure_role_groups

        # Permissions exist only after migrate has run, so the role groups are
        # brought up to date then (the way Django itself creates permissions).
        post_migrate.connect(ensure_role_groups, dispatch_uid="buddies.ensure_role_groups")

        from buddies.messaging.invitations import invite
        from buddies.people.signals import volunteer_invited

        volunteer_invited.connect(invite, dispatch_uid="buddies.invite_volunteer")
