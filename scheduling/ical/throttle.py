"""A fixed-window request counter in Django's cache (Redis in production, shared
by every app server), for the feed addresses that carry a secret."""

import hashlib
import math
import time

from django.core.cache import cache


def hit(key: str, *, limit: int, window: int) -> int | None:
    """Count one request under `key`; the seconds to wait when over `limit`, else None."""
    now = time.time()
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    name = f"ical:rate:{digest}:{int(now // window)}"
    cache.add(name, 0, timeout=window + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # the window's counter expired between add and incr
        cache.set(name, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(1, math.ceil(window - now % window))
    return None
