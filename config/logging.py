"""A logging filter that keeps secrets in URLs out of the logs.

Calendar feeds (`/cal/<token>.ics`) and their pages (`/cal/<token>/`), partner
links (`/answer/<id>/<token>/`, `/p/<token>/...`, `?token=`) and password-reset
links carry their secret in the URL: the accepted exception to "no secrets in URLs"
(docs/privacy.md). Request logs (django.request, django.server, gunicorn.access)
would write those URLs out in full; this filter,
installed on the console handler in settings.LOGGING, replaces each secret with
`***` before any handler formats the record.
"""

import logging
import re
from urllib.parse import unquote

MASK = "***"

# Each pattern keeps what identifies the route (group 1) and masks the secret.
SECRET_PATTERNS = [
    # Calendar feeds and their pages: /cal/<token>.ics, /cal/<token>/, and /cal/<token>
    # without its slash (redirected, but logged on the way)
    re.compile(r"(/cal/)[^/\s?#\"']+?(?=\.ics|[/\s?#\"']|$)"),
    # Partner links: /p/<token> and anything signed under it
    re.compile(r"(/p/)[^/\s?#\"']+"),
    # A partner's answer link as routed today: /answer/<referral id>/<signed token>/
    re.compile(r"(/answer/\d+/)[^/\s?#\"']+"),
    # Password reset: /reset/<uidb64>/<token>/ (Django swaps the token for
    # "set-password" after the first visit; that word is no secret)
    re.compile(r"(/reset/[^/\s]+/)(?!set-password)[^/\s?#\"']+"),
    # A new account's invitation: /welcome/<uidb64>/<token>/ (the same swap)
    re.compile(r"(/welcome/[^/\s]+/)(?!set-password)[^/\s?#\"']+"),
    # Signed values passed in a query string
    re.compile(r"([?&](?:token|signature|sig|key)=)[^&\s#\"']+", re.IGNORECASE),
]


def _mask(text: str) -> str:
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


def mask_secrets(text: str) -> str:
    """`text` with every secret masked, also where the URL was percent-encoded.

    The router decodes a path before matching it (`/cal/<token>%2Eics` is the feed,
    `/%63al/...` too), so the patterns are tried on the decoded text as well; when
    that finds a secret the decoded, masked text is what gets written.
    """
    masked = _mask(text)
    decoded = unquote(text)
    if decoded != text:
        masked_decoded = _mask(decoded)
        if masked_decoded != decoded:
            return masked_decoded
    return masked


class MaskSecretsFilter(logging.Filter):
    """Rewrite the record's message with secrets masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A malformed record: leave it to the handler, which reports it.
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
