"""Strict, fast settings for the test suite, on top of the real ones.

The database and broker still come from DATABASE_URL / REDIS_URL, so the same
suite runs on SQLite and on PostgreSQL with Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from config.settings import *  # noqa: F403
from config.settings import (
    CACHES,
    DATABASES,
    Q_CLUSTER,
    REDIS_URL,
    SILENCED_SYSTEM_CHECKS,
    STORAGES,
)

# Threads (live server, concurrency tests) must not keep connections past a test.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if REDIS_URL:
    # Rate-limit counters and cached feeds of an earlier run must not carry over
    # into this one; app servers and workers the tests start inherit the prefix.
    os.environ.setdefault("TEST_CACHE_PREFIX", f"digibuddy-test-{os.getpid()}")
    CACHES["default"]["KEY_PREFIX"] = os.environ["TEST_CACHE_PREFIX"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Q_SYNC=false runs tasks through the broker, for the one test that starts a real qcluster.
Q_CLUSTER = {**Q_CLUSTER, "sync": os.environ.get("Q_SYNC", "true").lower() != "false"}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True
SECURE_COOKIES = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# The test client and live servers speak plain http, as `make run` does.
SECURE_SSL_REDIRECT = False
# Tests run with DEBUG off and, without REDIS_URL, a per-process cache on purpose.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "digibuddy.W001"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = os.environ.get("TEST_SMS_BACKEND", "buddies.messaging.sms.MemoryBackend")
# Persona fixtures log coordinators in without a phone; tests of two-factor
# sign-in switch the requirement on with the `settings` fixture.
REQUIRE_COORDINATOR_2FA = False
# Each read's access-log row is written at once, so a test sees it after its request;
# tests/buddies/privacy/test_pending.py switches the Redis queue on.
ACCESS_LOG_QUEUE = False
