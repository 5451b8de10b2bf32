"""Session and sign-in hardening shared by every page and the API.

- `IdleTimeoutMiddleware`: ends a session after minutes without activity.
- `TwoFactorMiddleware`: coordinators need a confirmed TOTP device, and anyone
  with one gives a code after logging in, before any other page.
- `TokenLinksMiddleware`: calendar feeds and partners' answer links, whose secret
  link is their key, answered before sessions and sign-in are looked at.
- `DatabaseUnavailableMiddleware` / `server_error`: a database that went away
  answers a clear "try again" 503, never a bare 500.
- `RequestSizeLimitMiddleware`: a body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413
  before anything reads it (the API's parsers would otherwise read it whole).
- `PasswordOnlyBasicAuthentication`: HTTP Basic for the API, refused to accounts
  that sign in with a second factor (a password alone must not bypass it).
"""

import logging
import sys
import time
from functools import partial

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.handlers.exception import response_for_exception
from django.db import InterfaceError, OperationalError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_protect
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import middleware as otp_middleware
from drf_spectacular.authentication import BasicScheme
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed

from buddies.roles import Role, has_role
from config.errors import server_error_page
from config.middleware import activate_chosen_language, mark_language

logger = logging.getLogger(__name__)

LAST_SEEN_KEY = "digibuddy_last_seen"
# Writing the session on every request would cost a database write per page;
# a minute's precision is plenty for a timeout counted in tens of minutes.
LAST_SEEN_RESOLUTION_SECONDS = 60
# The same minute for the second factor: the session's device is looked up again,
# and an account that owes no code is checked again, at most once a minute
# ([device id, when] and when, in the session), not on every request.
OTP_CHECKED_KEY = "digibuddy_otp_checked"
TWO_FACTOR_CLEAR_KEY = "digibuddy_2fa_clear"
TWO_FACTOR_RECHECK_SECONDS = 60

# Pages a signed-in person may reach before giving a second factor.
TWO_FACTOR_OPEN_URL_NAMES = {
    "login",
    "logout",
    "set_language",
    "two-factor-setup",
    "two-factor-verify",
    "healthz",
}


class AddressAwareAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, also locking an address that fails for many names.

    axes counts failures per user name and address (AXES_FAILURE_LIMIT). Guessing a
    few passwords for each of many accounts stays under that limit per name, so the
    address's failures over all names, within the same cool-off, are counted too:
    from LOGIN_FAILURE_LIMIT_PER_ADDRESS on, every login from it is refused until
    the cool-off passes. Other addresses are not affected.
    """

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        if not address or settings.AXES_COOLOFF_TIME is None:
            return failures
        recent = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        )
        from_address = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if from_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a throttled login: a translated page, 429, never a 500."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Too many failed logins. Try again in a few minutes.")}, status=429
        )
    context = {"minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def idle_limit_minutes(user) -> int:
    if has_role(user, Role.COORDINATOR):
        return settings.SESSION_IDLE_MINUTES_COORDINATOR
    return settings.SESSION_IDLE_MINUTES


class IdleTimeoutMiddleware:
    """Log out a session that has been idle longer than the person's role allows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            last_seen = request.session.get(LAST_SEEN_KEY)
            minutes = idle_limit_minutes(request.user)
            if last_seen is not None and now - last_seen > minutes * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": minutes},
                )
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware (`request.user.is_verified()`), reading the device at
    most once a minute.

    django-otp loads the session's device on every request, a query each time.
    Within TWO_FACTOR_RECHECK_SECONDS of the last look-up that found it confirmed
    and this person's, the session counts as verified and `user.otp_device` is
    loaded only if something reads it. A removed device (a lost phone) ends the
    verification at the next look-up, within the minute.
    """

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        persistent_id = user.is_authenticated and request.session.get(DEVICE_ID_SESSION_KEY)
        if not persistent_id:
            return user
        now = int(time.time())
        checked = request.session.get(OTP_CHECKED_KEY)
        if (
            isinstance(checked, list)
            and checked[0] == persistent_id
            and 0 <= now - checked[1] < TWO_FACTOR_RECHECK_SECONDS
        ):
            user.otp_device = SimpleLazyObject(
                partial(self._device_from_persistent_id, persistent_id)
            )
            return user
        device = self._device_from_persistent_id(persistent_id)
        user.otp_device = self._finalize_device(request, user, device)
        if user.otp_device is None:
            request.session.pop(OTP_CHECKED_KEY, None)
        else:
            request.session[OTP_CHECKED_KEY] = [persistent_id, now]
        return user


def second_factor_required(user) -> bool:
    """Whether this account must have a TOTP device (coordinators and superusers,
    unless switched off)."""
    return settings.REQUIRE_COORDINATOR_2FA and (
        getattr(user, "is_superuser", False) or has_role(user, Role.COORDINATOR)
    )


def needs_second_factor(user) -> bool:
    """Whether this account may act only after giving a TOTP code."""
    return user_has_device(user, confirmed=True) or second_factor_required(user)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class TwoFactorMiddleware:
    """Send a signed-in person who still owes a second factor to give or set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.url_name in TWO_FACTOR_OPEN_URL_NAMES:
            return None
        now = int(time.time())
        clear_since = request.session.get(TWO_FACTOR_CLEAR_KEY)
        if clear_since is not None and 0 <= now - clear_since < TWO_FACTOR_RECHECK_SECONDS:
            return None
        if user_has_device(user, confirmed=True):
            target = "two-factor-verify"
        elif second_factor_required(user):
            target = "two-factor-setup"
        else:
            request.session[TWO_FACTOR_CLEAR_KEY] = now
            return None
        request.session.pop(TWO_FACTOR_CLEAR_KEY, None)
        if _is_api(request):
            return JsonResponse(
                {"detail": _("Give your two-factor code on the website first.")}, status=403
            )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """A 503 that asks to try again, rendered without touching the database."""
    message = _("The service is briefly unavailable. Please try again in a minute.")
    if _is_api(request) or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": message}, status=503)
    else:
        # The session, the user and stored messages all live in the database.
        request.user = AnonymousUser()
        request._messages = CookieStorage(request)
        response = render(request, "account/unavailable.html", {"message": message}, status=503)
    response["Retry-After"] = "30"
    return response


def _is_database_gone(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


class DatabaseUnavailableMiddleware:
    """Answer 503 when the database fails during a view.

    The view's transaction was rolled back by the database, so nothing half-done
    stays behind; the person is asked to try again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return database_unavailable(request, exception)


def database_unavailable(request: HttpRequest, exception: BaseException) -> HttpResponse | None:
    """The 503 for a database that went away; None for any other failure."""
    if not _is_database_gone(exception):
        return None
    logger.warning("Database unavailable: %s", exception.__class__.__name__)
    return unavailable_response(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the API answers JSON, like every other API answer; pages a page."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database failure outside a view (in a middleware) is a 503 too."""
    if _is_database_gone(sys.exc_info()[1]):
        return unavailable_response(request)
    return server_error_page()


class PasswordOnlyBasicAuthentication(BasicAuthentication):
    """HTTP Basic for scripts, not for accounts that must give a second factor."""

    def authenticate_credentials(self, userid, password, request=None):
        user, auth = super().authenticate_credentials(userid, password, request)
        if needs_second_factor(user):
            raise AuthenticationFailed(
                _("This account signs in with a second factor: use the website.")
            )
        return user, auth


class PasswordOnlyBasicScheme(BasicScheme):
    """Describe the API's HTTP Basic in the OpenAPI schema as the plain scheme it is."""

    target_class = "config.security.PasswordOnlyBasicAuthentication"


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than DATA_UPLOAD_MAX_MEMORY_SIZE with 413.

    Django checks that limit only when a form body is parsed (and answers 400);
    DRF's JSON parser reads the raw stream and never checks it. Judging the
    declared Content-Length first refuses a huge body before any of it is read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            logger.warning("Request body of %d bytes refused (limit %d)", length, limit)
            return too_large_response(request, limit)
        return self.get_response(request)


def too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("What you sent is too large (more than %(size)s). Send less at once.") % {
        "size": filesizeformat(limit)
    }
    if _is_api(request):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


# Addresses whose secret link is their only key, and the views answering them.
TOKEN_LINK_PREFIXES = ("/cal/", "/answer/")
# The partner's answer page is a form: its POST keeps Django's CSRF check.
TOKEN_LINK_VIEWS = {"calendar-feed": False, "referrals:partner-answer": True}


class TokenLinksMiddleware:
    """Calendar feeds and partners' answer links, answered before sessions and sign-in.

    Their secret link is the whole key: no session is read, nobody is signed in,
    no message is stored. Placed after the security headers (SecurityMiddleware,
    CSP, WhiteNoise) and the database-failure answer, it resolves these paths and
    calls their view itself, so a calendar app polling a feed does not pay for the
    rest of the stack. What the rest would add to these answers is added here: the
    language from the switcher's cookie, `Cache-Control: private, no-store`
    (PrivateResponsesMiddleware), X-Frame-Options and Content-Length; the partner's
    form keeps its CSRF check. Any other path goes on down the stack untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.common = CommonMiddleware(get_response)
        self.frames = XFrameOptionsMiddleware(get_response)
        self.views: dict = {}

    def __call__(self, request):
        if not request.path_info.startswith(TOKEN_LINK_PREFIXES):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name not in TOKEN_LINK_VIEWS:
            return self.get_response(request)
        request.resolver_match = match
        request.user = AnonymousUser()
        language = activate_chosen_language(request)
        try:
            response = self._view(match)(request, *match.args, **match.kwargs)
        except Exception as error:  # what the handler would make of it, with our headers
            response = database_unavailable(request, error) or response_for_exception(
                request, error
            )
        patch_cache_control(response, private=True, no_store=True)
        mark_language(response, language)
        response = self.frames.process_response(request, response)
        return self.common.process_response(request, response)

    def _view(self, match):
        view = self.views.get(match.view_name)
        if view is None:
            view = match.func
            if TOKEN_LINK_VIEWS[match.view_name]:
                view = csrf_protect(view)
            self.views[match.view_name] = view
        return view
