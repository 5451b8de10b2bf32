"""Digibuddy settings: one module, configured by environment variables.

Every variable is listed with its default in README.md ("Configuration").
With none set, the service runs on a SQLite file with the ORM task broker and
console e-mail and SMS; production sets DATABASE_URL, REDIS_URL and SECRET_KEY.
"""

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
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "simple_history",
    "phonenumber_field",
    "buddies",
    "scheduling",
    "referrals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageFromCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

SCHEDULER_STALE_AFTER_MINUTES = env.number("SCHEDULER_STALE_AFTER_MINUTES", 10)

# Referrals to partners: how long a partner's answer link works, when an
# unanswered referral is chased, and the address links in e-mails start with.
REFERRAL_LINK_MAX_AGE_DAYS = env.number("REFERRAL_LINK_MAX_AGE_DAYS", 30)
REFERRAL_CHASE_AFTER_DAYS = env.number("REFERRAL_CHASE_AFTER_DAYS", 7)
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000")


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

SECURE_COOKIES = env.flag("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.number("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.number("SECURE_HSTS_SECONDS", 0)


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
EMAIL_BACKEND = env.text("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.number("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Digibuddy <digibuddy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env.text("SMS_BACKEND", "buddies.sms.ConsoleBackend")


# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Digibuddy API",
    "DESCRIPTION": _("Residents, volunteers, help sessions and referrals of the buddy programme."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name each choice set once.
    "ENUM_NAME_OVERRIDES": {
        "IntakeStatusEnum": "referrals.models.IntakeStatus",
        "IntakeOutcomeEnum": "referrals.models.IntakeOutcome",
        "OutgoingReferralStatusEnum": "referrals.models.ReferralStatus",
        "ConsentGivenByEnum": "buddies.models.Consent.GivenBy",
        "ChannelEnum": "buddies.models.Channel",
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
}
