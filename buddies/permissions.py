"""One permission layer for pages and API: who may use what, by role."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from buddies.roles import Role, has_role


def role_required(*roles: Role):
    """Page decorator: anonymous users go to login; other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def api_roles(*roles: Role) -> type[BasePermission]:
    """API permission class allowing only the given roles."""

    class HasRole(BasePermission):
        def has_permission(self, request, view) -> bool:
            return has_role(request.user, *roles)

    HasRole.__name__ = "Has" + "Or".join(role.name.title().replace("_", "") for role in roles)
    return HasRole


IsCoordinator = api_roles(Role.COORDINATOR)
IsStaff = api_roles(Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)
