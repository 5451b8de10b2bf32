"""Signed, expiring links that let a partner answer one referral without an account.

The token carries the referral and partner ids, signed with Django's signing
under a salt used for nothing else, and expires after
REFERRAL_LINK_MAX_AGE_DAYS. Nothing is stored: a link cannot be forged
without SECRET_KEY, and rotating that key invalidates every link.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "referrals.partner-answer"
# What a stored copy of a link carries instead of its token (the logs' mask too).
MASK = "***"
MASKED_LINK = re.compile(r"https?://[^\s]*?/answer/(\d+)/" + re.escape(MASK) + "/")


class LinkRefused(Exception):
    """The link was tampered with, or belongs to another referral or partner (403)."""


class LinkExpired(Exception):
    """The link is genuine but too old (410); it still names its referral."""

    def __init__(self, referral_id: int):
        super().__init__("expired")
        self.referral_id = referral_id


@dataclass(frozen=True)
class LinkTarget:
    referral_id: int
    partner_id: int


def max_age_seconds() -> int:
    return int(settings.REFERRAL_LINK_MAX_AGE_DAYS) * 24 * 60 * 60


def make_token(*, referral_id: int, partner_id: int) -> str:
    return signing.dumps({"r": referral_id, "p": partner_id}, salt=SALT, compress=True)


def read_token(token: str, *, referral_id: int) -> LinkTarget:
    """The referral and partner a token names, if it is genuine, current and for this referral."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired:
        data = signing.loads(token, salt=SALT)  # genuine, only old: say whom to call
        if _target(data).referral_id != referral_id:
            raise LinkRefused from None
        raise LinkExpired(referral_id) from None
    except signing.BadSignature:
        raise LinkRefused from None
    target = _target(data)
    if target.referral_id != referral_id:
        raise LinkRefused
    return target


def _target(data) -> LinkTarget:
    try:
        return LinkTarget(referral_id=int(data["r"]), partner_id=int(data["p"]))
    except (TypeError, KeyError, ValueError):
        raise LinkRefused from None
