from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import api_tokens, views
from config import auth_views as account_views
from config.invitations import invitation_tokens
from config.routers import api_router
from referrals.partners.api import HsdsView
from scheduling.calendars.api import CalendarReplyView
from scheduling.calendars.views import feed as calendar_feed
from scheduling.calendars.views import feed_page as calendar_page
from scheduling.sessions.api import SlotsView

handler404 = "config.security.not_found"
handler500 = "config.security.server_error"

# The split view serves Swagger UI's start-up script as a file, so the docs need no
# inline script; its template keeps a small inline <style>, allowed on this page only.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

account_urls = [
    path("api-keys/", api_tokens.api_keys, name="api-keys"),
    path("api-keys/<str:key>/revoke/", api_tokens.api_key_revoke, name="api-key-revoke"),
    path("security/", account_views.account_security, name="account-security"),
    path("two-factor/setup/", account_views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", account_views.two_factor_verify, name="two-factor-verify"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/account/password/done/"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "welcome/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            token_generator=invitation_tokens, success_url="/account/reset/done/"
        ),
        name="invitation-confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cal/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("cal/<str:token>/", calendar_page, name="calendar-page"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include(account_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("scheduling.urls")),
    path("workshops/", include("scheduling.workshops.urls")),
    path("", include("referrals.urls")),
    path("people/", include("buddies.urls")),
    path("matching/", include("scheduling.matching.urls")),
    path("reports/", include("referrals.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/slots/", SlotsView.as_view(), name="api-slots"),
    path("api/v1/calendar/replies/", CalendarReplyView.as_view(), name="api-calendar-replies"),
    path("api/v1/open-data/hsds/", HsdsView.as_view(), name="api-open-data-hsds"),
    path("api/v1/", include(api_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]
