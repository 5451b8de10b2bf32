"""The three roles that log in, kept as Django groups.

A user's roles are read once per request and cached on the user object, so
templates and permission checks cost no extra queries.
"""

from typing import TypeAlias, TypeGuard

from django.apps import apps
from django.contrib.auth import models as auth
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

# The acting user, as services and selectors type it (`by: User`). AUTH_USER_MODEL is
# Django's own auth.User; naming it (not AbstractBaseUser) lets the type checker match
# it against every foreign key to a user. Were the user model swapped, change it here.
User: TypeAlias = auth.User


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    VOLUNTEER = "volunteer", _("Volunteer")


# Coordinators run the programme: they manage every model of the programme's apps (each
# says so in its AppConfig: `coordinators_manage = True`) and of these packages.
COORDINATOR_PACKAGES = ("django_q", "otp_totp")
COORDINATOR_AUTH_MODELS = ("user", "group")


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_digibuddy_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user.__dict__["_digibuddy_roles"] = cached
    return cached


def has_role(user: User | AnonymousUser, *roles: Role) -> TypeGuard[User]:
    """Whether the user holds one of the roles; only a signed-in User can."""
    return bool(roles_of(user) & set(roles))


def grant_role(*, user: User, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_digibuddy_roles", None)


def coordinator_app_labels() -> tuple[str, ...]:
    own = [c.label for c in apps.get_app_configs() if getattr(c, "coordinators_manage", False)]
    return (*own, *COORDINATOR_PACKAGES)


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups and give coordinators the programme's permissions."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    coordinator = Group.objects.get(name=Role.COORDINATOR.value)
    permissions = Permission.objects.filter(
        models.Q(content_type__app_label__in=coordinator_app_labels())
        | models.Q(content_type__app_label="auth", content_type__model__in=COORDINATOR_AUTH_MODELS)
    )
    coordinator.permissions.add(*permissions)


def roles_context(request) -> dict:
    roles = roles_of(request.user)
    return {
        "user_roles": roles,
        "is_coordinator": Role.COORDINATOR in roles,
        "is_social_worker": Role.SOCIAL_WORKER in roles,
        "is_volunteer": Role.VOLUNTEER in roles,
    }
