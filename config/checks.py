"""System checks on settings that have no safe default in production."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error


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
