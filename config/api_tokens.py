"""API keys for integrations: a coordinator or social worker makes a key on the
website (after their second factor, like any page) and a script sends it as
`Authorization: Token <key>`.

Keys are django-rest-knox tokens: only a hash is stored, each key expires after
API_TOKEN_DAYS, and its owner can revoke it. The key itself is shown once.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from buddies.roles import Role, has_role

# A key shows in the list by the start of its lookup part, never by its secret.
SHOWN_KEY_LENGTH = 8


def may_hold_api_keys(user) -> bool:
    return has_role(user, Role.COORDINATOR) or has_role(user, Role.SOCIAL_WORKER)


def _owner_only(user) -> None:
    if not may_hold_api_keys(user):
        raise PermissionDenied


def _keys_of(user):
    return AuthToken.objects.filter(user=user).order_by("-created")


@never_cache
@login_required
def api_keys(request):
    """The person's own keys; POST makes a new one and shows it once."""
    _owner_only(request.user)
    new_key = ""
    if request.method == "POST":
        if _keys_of(request.user).count() >= settings.API_TOKEN_LIMIT:
            messages.error(
                request,
                _("You have %(count)d keys already. Revoke one you no longer use first.")
                % {"count": settings.API_TOKEN_LIMIT},
            )
            return redirect("api-keys")
        _token, new_key = AuthToken.objects.create(
            user=request.user, expiry=timedelta(days=settings.API_TOKEN_DAYS)
        )
    keys = [
        {"id": key.token_key, "shown": key.token_key[:SHOWN_KEY_LENGTH], "token": key}
        for key in _keys_of(request.user)
    ]
    context = {"keys": keys, "new_key": new_key, "days": settings.API_TOKEN_DAYS}
    return render(request, "account/api_keys.html", context)


@never_cache
@login_required
@require_POST
def api_key_revoke(request, key: str):
    """Revoke one of the person's own keys; someone else's key is not found."""
    _owner_only(request.user)
    deleted, _rows = _keys_of(request.user).filter(token_key=key).delete()
    if deleted:
        messages.success(request, _("The key is revoked: it no longer opens the API."))
    else:
        messages.error(request, _("This key does not exist or was already revoked."))
    return redirect("api-keys")
