"""Digibuddy settings: one module, configured by environment variables.

Every variable is listed with its default in README.md ("Configuration").
With none set, the service runs on a SQLite file with the ORM task broker and
console e-mail and SMS; production sets DATABASE_URL, REDIS_URL and SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.flag("DEBUG", default=False)

SECRET_KEY = env.text("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        env.stop("SECRET_KEY", "must be set when DEBUG is off (use a long random string).")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.DigibuddyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "simple_history",
    "phonenumber_field",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "buddies",
    "scheduling",
    "referrals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.security.DatabaseUnavailableMiddleware",
    # Calendar feeds and partners' answer links, by their secret link alone: answered
    # here, without sessions, sign-in or messages (config.security).
    "config.security.TokenLinksMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageFromCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.security.OTPMiddleware",
    # Idle sessions end before the two-factor check, so an expired session is
    # simply logged out instead of being asked for a code.
    "config.security.IdleTimeoutMiddleware",
    "config.security.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a flagged login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buddies.roles.roles_context",
                "config.menu.main_menu",
                "config.errors.programme_contact",
            ],
        },
    },
]


# Database: a SQLite file by default; PostgreSQL (or any URL) through DATABASE_URL.
DATABASE_URL = env.text("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as error:
        env.stop("DATABASE_URL", f"is not a database URL we understand ({error}).")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.text("SQLITE_PATH") or BASE_DIR / "digibuddy.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so a
                # "lock, check, write" service cannot lose a race halfway through.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache and task queue: Redis when REDIS_URL is set, so several app servers and
# workers share them; otherwise local memory and the database as broker.
REDIS_URL = env.text("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    env.stop("REDIS_URL", "must start with redis://, rediss:// or unix://.")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "digibuddy",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

Q_CLUSTER = {
    "name": "digibuddy",
    "workers": env.number("Q_WORKERS", 2),
    # A task may run for `timeout` seconds; only after `retry` seconds is it handed
    # to another worker, so timeout < retry keeps one task from running twice.
    "timeout": 60,
    "retry": 120,
    "max_attempts": 5,
    "queue_limit": 50,
    "save_limit": 500,
    "catch_up": False,
    "label": "Task queue",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Residents closed longer than this are anonymised by a daily job (GDPR storage limit).
RESIDENT_RETENTION_MONTHS = env.number("RESIDENT_RETENTION_MONTHS", 24)
# Paused residents whose record nobody changed for this long are anonymised too;
# residents whose every referral was declined (never helped) after a shorter term,
# counted from the decline (docs/privacy.md, section 5).
RESIDENT_PAUSED_RETENTION_MONTHS = env.number("RESIDENT_PAUSED_RETENTION_MONTHS", 24)
RESIDENT_DECLINED_RETENTION_MONTHS = env.number("RESIDENT_DECLINED_RETENTION_MONTHS", 6)
# Security records are deleted by a daily job when older than these (docs/privacy.md):
# the access log after two years, login attempts and logins (django-axes) after 90 days.
ACCESS_LOG_RETENTION_DAYS = env.number("ACCESS_LOG_RETENTION_DAYS", 730)
LOGIN_LOG_RETENTION_DAYS = env.number("LOGIN_LOG_RETENTION_DAYS", 90)
# Reads' access-log rows are queued in Redis and written in batches (at the latest
# a minute later, and before anyone reads the log): buddies.privacy.pending.
ACCESS_LOG_QUEUE = env.flag("ACCESS_LOG_QUEUE", default=bool(REDIS_URL))

# Planning help sessions and workshops.
SCHEDULING_SESSION_MINUTES = env.number("SCHEDULING_SESSION_MINUTES", 60)
SCHEDULING_SLOT_STEP_MINUTES = env.number("SCHEDULING_SLOT_STEP_MINUTES", 30)
SCHEDULING_SERIES_HORIZON_WEEKS = env.number("SCHEDULING_SERIES_HORIZON_WEEKS", 8)
WORKSHOP_OFFER_HOURS = env.number("WORKSHOP_OFFER_HOURS", 48)
SESSION_OFFER_HOURS = env.number("SESSION_OFFER_HOURS", 24)

SCHEDULER_STALE_AFTER_MINUTES = env.number("SCHEDULER_STALE_AFTER_MINUTES", 10)

# Who may need permanent support (scheduling.outcomes.support): a topic still
# "with help" or "not yet" after this many measured sessions; an age from this on
# (where the year of birth is known); and how many of the other signs (age, no
# device of their own, memory notes) flag a resident without a stuck topic.
SUPPORT_FLAG_AFTER_SESSIONS = env.number("SUPPORT_FLAG_AFTER_SESSIONS", 4)
SUPPORT_FLAG_AGE = env.number("SUPPORT_FLAG_AGE", 85)
SUPPORT_FLAG_MIN_SIGNS = env.number("SUPPORT_FLAG_MIN_SIGNS", 2)
# Days after a topic first went "alone" that a re-check asks whether it still does
# (scheduling.outcomes.autonomy).
AUTONOMY_RECHECK_DAYS = env.number("AUTONOMY_RECHECK_DAYS", 90)
# A permanent-support plan (scheduling.support_plans) is reviewed this many months on.
SUPPORT_PLAN_REVIEW_MONTHS = env.number("SUPPORT_PLAN_REVIEW_MONTHS", 6)
# Reports: a training expiring within this many days is shown; a referral open
# longer than this many days is counted as long open.
REPORT_TRAINING_EXPIRY_DAYS = env.number("REPORT_TRAINING_EXPIRY_DAYS", 60)
REPORT_REFERRAL_OPEN_DAYS = env.number("REPORT_REFERRAL_OPEN_DAYS", 30)

# The accessibility statement (/accessibility/): when the site was last checked and
# whom to contact about a barrier (the municipality's e-inclusion service).
ACCESSIBILITY_AUDIT_DATE = env.day("ACCESSIBILITY_AUDIT_DATE", "2026-11-26")
ACCESSIBILITY_CONTACT_EMAIL = env.text(
    "ACCESSIBILITY_CONTACT_EMAIL", "e-inclusie@sint-pieters-leeuw.be"
)
ACCESSIBILITY_CONTACT_PHONE = env.text("ACCESSIBILITY_CONTACT_PHONE", "+3223712211")

# Referrals to partners: how long a partner's answer link works, when an
# unanswered referral is chased, and the address links in e-mails start with.
REFERRAL_LINK_MAX_AGE_DAYS = env.number("REFERRAL_LINK_MAX_AGE_DAYS", 30)
REFERRAL_CHASE_AFTER_DAYS = env.number("REFERRAL_CHASE_AFTER_DAYS", 7)
# Answer-link requests allowed per window, per link and per client address
# (config.throttle, the same counters as the calendar feeds). A partner opens a
# link a few times; a whole office behind one address answers a few referrals.
REFERRAL_LINK_RATE_WINDOW_SECONDS = env.number("REFERRAL_LINK_RATE_WINDOW_SECONDS", 600)
REFERRAL_LINK_RATE_PER_LINK = env.number("REFERRAL_LINK_RATE_PER_LINK", 30)
REFERRAL_LINK_RATE_PER_ADDRESS = env.number("REFERRAL_LINK_RATE_PER_ADDRESS", 100)
# The programme's own number: messages name it when a place has no phone of its
# own, so every text carries a number to call back.
PROGRAMME_PHONE = env.text("PROGRAMME_PHONE", "+3223712211")
# Required when DEBUG is off (system check digibuddy.E001): the local address is
# only a default for development.
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

# Calendar feeds (/cal/<token>.ics) and invitations (scheduling/ical).
# The domain in every event's UID: set once, a change duplicates events in calendars.
CALENDAR_UID_DOMAIN = env.text("CALENDAR_UID_DOMAIN", "")
CALENDAR_FEED_PAST_DAYS = env.number("CALENDAR_FEED_PAST_DAYS", 90)
CALENDAR_CANCELLED_DAYS = env.number("CALENDAR_CANCELLED_DAYS", 30)
CALENDAR_ALARM_MINUTES = env.number("CALENDAR_ALARM_MINUTES", 60)
CALENDAR_REFRESH_MINUTES = env.number("CALENDAR_REFRESH_MINUTES", 60)
CALENDAR_FEED_CACHE_SECONDS = env.number("CALENDAR_FEED_CACHE_SECONDS", 600)
# Feed requests allowed per window, per token and per client address.
CALENDAR_RATE_WINDOW_SECONDS = env.number("CALENDAR_RATE_WINDOW_SECONDS", 600)
CALENDAR_RATE_PER_TOKEN = env.number("CALENDAR_RATE_PER_TOKEN", 60)
CALENDAR_RATE_PER_ADDRESS = env.number("CALENDAR_RATE_PER_ADDRESS", 600)


# Matching: the points each part of a buddy proposal's score is worth (README,
# "Matching weights"). MATCHING_WEIGHTS in the environment, as JSON, overrides any.
MATCHING_WEIGHTS = {
    "continuity": 40,  # the volunteer was this resident's buddy before
    "overlap_per_hour": 2,  # per hour a week both are free while the place is open ...
    "overlap_max_hours": 6,  # ... counted up to this many hours
    "first_place": 10,  # the resident's first place; their n-th choice gets 1/n
    "first_language": 8,  # the volunteer speaks the resident's first language
    "spread_load": 6,  # an idle volunteer's first new resident; less as they fill up
    "waiting_per_week": 1,  # per week the resident has waited ...
    "waiting_max_weeks": 26,  # ... counted up to this many weeks
    "priority": 30,  # the resident lost their buddy and waits again
    "min_overlap_minutes": 60,  # shortest shared stretch that counts (a hard rule)
}
MATCHING_WEIGHTS.update(env.json_object("MATCHING_WEIGHTS"))


# Accounts
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour
# Reset requests (each may send an e-mail) allowed per window, per client address
# and per e-mail address asked for (config.throttle).
PASSWORD_RESET_RATE_WINDOW_SECONDS = env.number("PASSWORD_RESET_RATE_WINDOW_SECONDS", 3600)
PASSWORD_RESET_RATE_PER_ADDRESS = env.number("PASSWORD_RESET_RATE_PER_ADDRESS", 20)
PASSWORD_RESET_RATE_PER_EMAIL = env.number("PASSWORD_RESET_RATE_PER_EMAIL", 3)

# Login throttling (django-axes): a lock holds one user name from one address, so
# an attacker guessing passwords cannot lock the real person out from elsewhere,
# and it lifts by itself after the cool-off. An address that fails for many user
# names (password spraying) is locked as a whole after LOGIN_FAILURE_LIMIT_PER_ADDRESS
# failures, higher than the per-name limit so an office behind one address can
# mistype a few times (config.security.AddressAwareAxesHandler).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "config.security.AddressAwareAxesHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.number("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.number("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env.number("LOGIN_COOLOFF_MINUTES", 5))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.throttle.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Behind a reverse proxy every request comes from the proxy's address; with N
# trusted proxies the client is the Nth address from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.number("TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in (TOTP). Coordinators see everyone's data and must use it;
# `make run` (DEBUG) skips that so the demo logins work at once.
REQUIRE_COORDINATOR_2FA = env.flag("REQUIRE_COORDINATOR_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Digibuddy"
# The admin never shows a device's key or QR code (a coordinator could copy it).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# An idle session ends: coordinators after 30 minutes, others after two hours.
SESSION_IDLE_MINUTES_COORDINATOR = env.number("SESSION_IDLE_MINUTES_COORDINATOR", 30)
SESSION_IDLE_MINUTES = env.number("SESSION_IDLE_MINUTES", 120)

# The largest request body accepted (bytes); larger ones get 413. Forms and API
# calls here are a few kilobytes; 2.5 MB is Django's default and plenty.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.number("REQUEST_MAX_BYTES", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

SECURE_COOKIES = env.flag("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.number("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain http is redirected to https when DEBUG is off (the proxy may do it too; the
# app does it anyway, so a proxy set up without it leaks no cookie). The health
# check stays reachable over http for load balancers that probe the app directly.
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.number("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is the domain owner's decision (browsers' lists are hard to leave),
    # so it is off unless asked for and `check --deploy` need not repeat that.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Content-Security-Policy (django-csp): scripts and styles only from this server,
# no inline scripts; nothing may frame the pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


# Language and time: Dutch first, French and English too; Brussels wall time.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "digibuddy_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "BE"
PHONENUMBER_DEFAULT_FORMAT = "E164"


# Static files, served by whitenoise (nothing is loaded from other hosts).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# Messages out: e-mail through Django's backends, SMS through ours (same idea).
EMAIL_BACKEND = env.text("EMAIL_BACKEND", "buddies.messaging.console.EmailBackend")
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.number("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Digibuddy <digibuddy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env.text("SMS_BACKEND", "buddies.messaging.sms.ConsoleBackend")
SMS_FILE_PATH = env.text("SMS_FILE_PATH", str(BASE_DIR / "sms-outbox.jsonl"))
SMS_GATEWAY_URL = env.text("SMS_GATEWAY_URL")
SMS_GATEWAY_KEY = env.text("SMS_GATEWAY_KEY")
SMS_GATEWAY_TIMEOUT = env.number("SMS_GATEWAY_TIMEOUT", 10)
if SMS_BACKEND.endswith("HttpGatewayBackend") and not (
    SMS_GATEWAY_URL.startswith("https://") or DEBUG
):
    env.stop("SMS_GATEWAY_URL", "must be an https:// address for the HTTP gateway backend.")

# Reminders before each session: "<minutes before>:<channel>" or "morning:<channel>"
# (the morning of the day, when quiet hours end); the channel is "preferred" (the
# resident's own way) or "sms" (only to a mobile). No SMS in quiet hours (local
# time, "20:00-09:00"; empty for none): it waits until they end.
REMINDER_SCHEDULE = env.items("REMINDER_SCHEDULE", "2880:preferred,morning:sms")
for _entry in REMINDER_SCHEDULE:
    _when, _sep, _channel = _entry.partition(":")
    if not (_when == "morning" or _when.isdigit()) or _channel not in ("preferred", "sms"):
        env.stop("REMINDER_SCHEDULE", f"has {_entry!r}; write e.g. 2880:preferred,morning:sms.")
VOLUNTEER_REMINDER_MINUTES = env.number("VOLUNTEER_REMINDER_MINUTES", 24 * 60)
# A reminder found this long after its due time (an outage) is late: it becomes a
# same-morning reminder if that is at least REMINDER_LATE_MIN_LEAD_MINUTES before
# the start, else a call on the call list or nothing (scheduling.reminders.services).
REMINDER_LATE_AFTER_MINUTES = env.number("REMINDER_LATE_AFTER_MINUTES", 15)
REMINDER_LATE_MIN_LEAD_MINUTES = env.number("REMINDER_LATE_MIN_LEAD_MINUTES", 120)
SMS_QUIET_HOURS = env.text("SMS_QUIET_HOURS", "20:00-09:00")
# A message that fails for a reason that may pass is tried again after 1, 4, 16 ...
# minutes (base times 4 each time), at most this many attempts in all; then it is
# shown as "could not reach" and put on the place's call list.
MESSAGE_RETRY_LIMIT = env.number("MESSAGE_RETRY_LIMIT", 4)
MESSAGE_RETRY_BASE_SECONDS = env.number("MESSAGE_RETRY_BASE_SECONDS", 60)
# A reminder claimed longer ago than this, still without its message, is taken
# again (the worker stopped before handing it over, so nothing was sent).
REMINDER_CLAIM_TIMEOUT_MINUTES = env.number("REMINDER_CLAIM_TIMEOUT_MINUTES", 5)
# A session its volunteer gave back stays booked for the resident while another
# volunteer may claim it; still open this many hours before its start, it is
# cancelled and the resident told (scheduling.sessions.handback).
HAND_BACK_NOTICE_HOURS = env.number("HAND_BACK_NOTICE_HOURS", 24)


# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
        "config.security.PasswordOnlyBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["config.api.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "config.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "config.api.Metadata",
}
# Days a new volunteer's invitation link to set a password works (config/invitations.py).
INVITATION_DAYS = env.number("INVITATION_DAYS", 7)
# API keys (config/api_tokens.py): each lasts this many days; at most this many a person.
API_TOKEN_DAYS = env.number("API_TOKEN_DAYS", 90)
API_TOKEN_LIMIT = env.number("API_TOKEN_LIMIT", 5)
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_DAYS), "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Digibuddy API",
    "DESCRIPTION": _("Residents, volunteers, help sessions and referrals of the buddy programme."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every field of every person record: for the roles that use
    # the API, not for the internet.
    "SERVE_PERMISSIONS": ["buddies.permissions.IsStaff"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.describe_wall_times",
        "config.api.document_refusals",
        "config.api.allow_empty_query_values",
    ],
    # One stable, meaningful name per choice set in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "buddies.models.Channel",
        "ResidentStatusEnum": "buddies.models.Resident.Status",
        "SessionStatusEnum": "scheduling.models.HelpSession.Status",
        "MatchRunStatusEnum": "scheduling.models.MatchRun.Status",
        "MatchProposalStatusEnum": "scheduling.models.MatchProposal.Status",
        "WorkshopStatusEnum": "scheduling.workshops.models.WorkshopStatus",
        "RegistrationStatusEnum": "scheduling.workshops.models.RegistrationStatus",
        "MessageStatusEnum": "buddies.messaging.models.Message.Status",
        "CallResultEnum": "buddies.messaging.models.CallResult",
        "PaymentMethodEnum": "scheduling.workshops.models.PaymentMethod",
        "RegistrationChannelEnum": "scheduling.workshops.models.WorkshopRegistration.Channel",
        "OutgoingReferralStatusEnum": "referrals.models.ReferralStatus",
        "IntakeStatusEnum": "referrals.models.IntakeStatus",
        "IntakeOutcomeEnum": "referrals.models.IntakeOutcome",
        "ConsentGivenByEnum": "buddies.models.Consent.GivenBy",
        "VolunteerStatusEnum": "buddies.models.Volunteer.Status",
        "AbilityEnum": "scheduling.models.Ability",
        "PlanReviewOutcomeEnum": "scheduling.support_plans.models.PlanReview.Outcome",
    },
}


# Logs: one console handler whose filter masks secrets in URLs (calendar tokens,
# partner links, password-reset links); Django's and gunicorn's request loggers
# are routed through it so no copy escapes unmasked.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "config.logging.MaskSecretsFilter"}},
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["console"], "propagate": False, "level": "INFO"},
        "gunicorn.access": {"handlers": ["console"], "propagate": False, "level": "INFO"},
        "gunicorn.error": {"handlers": ["console"], "propagate": False, "level": "INFO"},
    },
}
