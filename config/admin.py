from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from buddies.roles import Role, has_role


class DigibuddyAdminSite(AdminSite):
    """The Django admin, open to coordinators (a role), not to a staff flag."""

    site_header = _("Digibuddy administration")
    site_title = _("Digibuddy")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or has_role(user, Role.COORDINATOR))

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        @wraps(view)
        def refuse_other_roles(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        return refuse_other_roles

    def login(self, request, extra_context=None):
        # One login page for everyone (the site's own, with its language switcher);
        # someone logged in with another role is refused, not sent round again.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", request.get_full_path()))
