"""The rules of offering a freed place to someone waiting, for workshops and help sessions.

A freed place goes to the first person waiting who fits; they have until a deadline
to say yes (by phone, to staff), else it goes to the next one. The deadline is the
one rule both kinds of waiting list share, so it lives here once.
"""

from datetime import datetime, timedelta

from django.utils import timezone


def offer_deadline(*, hours: int, latest: datetime, now: datetime | None = None) -> datetime:
    """When an offer made now runs out: after `hours`, and never after `latest` (the
    start of what is offered: a place must be answered for before it begins)."""
    now = now or timezone.now()
    return min(now + timedelta(hours=hours), latest)
