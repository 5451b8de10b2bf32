"""System checks for a configuration that runs but is not what production needs.

`site_url`: with DEBUG off, SITE_URL must name the public address (an error).

`unshared_cache_check`: with DEBUG off and a per-process cache (no REDIS_URL), the
rate limits of config.throttle (calendar feeds, partner links, password resets)
count in each gunicorn worker separately, so N workers allow N times the limit.
`manage.py` commands report it as a warning; gunicorn logs it when the app loads
(`config.wsgi`), since gunicorn runs no system checks itself.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

logger = logging.getLogger("digibuddy.startup")

UNSHARED_CACHE = "digibuddy.W001"
# Caches whose counters live in one process's memory (or nowhere).
PER_PROCESS_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register()
def unshared_cache_check(app_configs, **kwargs) -> list[CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        Warning(
            "The cache is kept per process: rate limits (calendar feeds, partner links, "
            "password resets) are counted by each worker on its own.",
            hint="Set REDIS_URL so every worker and app server shares one counter "
            "(docs/deploy.md, 'Where shared state lives').",
            id=UNSHARED_CACHE,
        )
    ]


def log_startup_warnings() -> None:
    """Log the checks above once, for servers that do not run `manage.py check`."""
    if UNSHARED_CACHE in settings.SILENCED_SYSTEM_CHECKS:
        return
    for message in unshared_cache_check(app_configs=None):
        logger.warning("%s %s %s", message.id, message.msg, message.hint)


@register()
def site_url(app_configs=None, **kwargs) -> list[Error]:
    """SITE_URL must name the public address when DEBUG is off: links in e-mails start
    with it and every calendar event's UID ends in its host (changing that later
    duplicates events in people's calendars)."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL or "")
    if parts.scheme in ("http", "https") and parts.hostname:
        return []
    return [
        Error(
            "SITE_URL must be set to the public address when DEBUG is off.",
            hint="For example SITE_URL=https://digibuddy.example.be (see docs/deploy.md).",
            obj="SITE_URL",
            id="digibuddy.E001",
        )
    ]
