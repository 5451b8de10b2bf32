"""Rate limits for the addresses that carry a secret (calendar feeds, partner answer
links): a fixed-window request counter in Django's cache (Redis in production,
shared by every app server), per secret and per client address.

Each feature names its own `scope`, so its counters and limits are its own; the
counting and the refusal are the same for all.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def hit(key: str, *, limit: int, window: int) -> int | None:
    """Count one request under `key`; the seconds to wait when over `limit`, else None."""
    now = time.time()
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    name = f"rate:{digest}:{int(now // window)}"
    count_on_server = getattr(cache, "count", None)  # Redis: one round trip
    if count_on_server is not None:
        count = count_on_server(name, timeout=window + 5)
    else:
        count = _count_in_cache(name, timeout=window + 5)
    if count > limit:
        return max(1, math.ceil(window - now % window))
    return None


def _count_in_cache(name: str, *, timeout: int) -> int:
    """Any other cache (local memory in development and tests): add, then incr."""
    try:
        count = cache.incr(name)
    except ValueError:  # the window's first request: start its counter
        cache.add(name, 0, timeout=timeout)
        try:
            count = cache.incr(name)
        except ValueError:  # the counter expired between add and incr
            cache.set(name, 1, timeout=timeout)
            count = 1
    return count


def too_many(
    request: HttpRequest,
    *,
    scope: str,
    secret: str,
    per_secret: int,
    per_address: int,
    window: int,
) -> int | None:
    """Count a request to a secret address; the seconds to wait if over a limit, else None.

    The client address is counted first, so guessing many secrets from one place
    is stopped as well as hammering one secret. Keys are hashed before they are
    stored, so the cache never holds a secret.
    """
    address = client_ip(request) or "unknown"
    wait = hit(f"{scope}:address:{address}", limit=per_address, window=window)
    if wait is None:
        wait = hit(f"{scope}:secret:{secret}", limit=per_secret, window=window)
    return wait


def refusal_page(request: HttpRequest, wait: int) -> HttpResponse:
    """429 in the visitor's language: wait this many minutes, or call the coordinator."""
    minutes = max(1, math.ceil(wait / 60))
    response = render(request, "too_many_requests.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or from X-Forwarded-For behind N trusted proxies.

    Only the last N entries of X-Forwarded-For were written by our own proxies;
    anything to their left is what the client claimed and cannot be trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
