"""Who may hand out powers in the admin: accounts, groups and two-factor devices.

Django's stock admins of these let anyone with the model permissions (coordinators
have them, to run accounts and roles) read TOTP keys, set passwords and make
superusers. These replace them on the site, in DigibuddyAdminConfig.ready() once
every app's admin module is loaded.
"""

from django.contrib.admin import AdminSite
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

# Powers only a superuser hands out. Coordinators manage accounts and their roles
# (the role groups), never what an account or a group may do beyond its role.
POWER_FIELDS = ("is_superuser", "is_staff", "user_permissions")


class PowersUserAdmin(UserAdmin):
    """Accounts: a coordinator edits people and their roles; a superuser the rest.

    A coordinator cannot set anyone's password here (a person resets their own by
    e-mail or on their account page), cannot change a superuser's account (its
    e-mail would let a reset take it over), and sees the power fields read-only.
    Every change a superuser makes is written to the admin's change history
    (LogEntry) with the fields it changed, as Django's admin does for any change.
    """

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + tuple(f for f in POWER_FIELDS if f not in fields)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class PowersGroupAdmin(GroupAdmin):
    """The role groups and their permissions: a coordinator may look, a superuser change."""

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class SecretKeepingTOTPDeviceAdmin(TOTPDeviceAdmin):
    """Two-factor devices: a coordinator sees and removes them (a lost phone), no more.

    The key never shows (OTP_ADMIN_HIDE_SENSITIVE_DATA hides it on the change page,
    the QR code and the config page). Adding or changing a device would let its
    key be chosen, so it takes a superuser.
    """

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)


def guard_powers(site: AdminSite) -> None:
    """Swap the stock admins of accounts, groups and TOTP devices for the guarded ones."""
    for model, model_admin in (
        (User, PowersUserAdmin),
        (Group, PowersGroupAdmin),
        (TOTPDevice, SecretKeepingTOTPDeviceAdmin),
    ):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
