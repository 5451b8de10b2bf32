"""Access-log rows of reads, queued in Redis and written to the database in batches.

A read (`audit.record_read`) is the one access-log row of an ordinary page or API
call, so writing it at once cost every such request an INSERT and its commit. With
ACCESS_LOG_QUEUE on (the default when REDIS_URL is set) the row goes onto a list in
Redis instead, one round trip, and is written with the others in one `bulk_create`:

- by the request that brings the list to FLUSH_ROWS rows;
- every minute, by the `flush_access_log` job;
- before anyone reads the log (`audit.events_of`, the admin's list), so a reader
  always sees every read up to that moment.

Each row keeps the moment it happened (`at`), so a late write changes nothing in
what it says. Taking rows off the list is one atomic LPOP: with several app servers
and workers each row is written once; rows whose write fails go back on the list.
Without Redis (development, the tests) the row is written at once, as before.
"""

import json
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from redis.exceptions import RedisError

from buddies.privacy.models import AuditEvent

logger = logging.getLogger(__name__)

QUEUE_KEY = "access-log:reads"
FLUSH_ROWS = 200
BATCH_ROWS = 1000
FIELDS = ("actor_kind", "action", "resident_id", "resident_ids", "query", "object_type",
          "object_id", "path")  # fmt: skip


def queued() -> bool:
    """Whether reads are queued (ACCESS_LOG_QUEUE, and a cache that keeps lists)."""
    return settings.ACCESS_LOG_QUEUE and hasattr(cache, "push")


def add(event: AuditEvent) -> None:
    """Queue an unsaved row; write the queue when it is long enough. With Redis out of
    reach the row is written at once: the log stays whole."""
    row = {name: getattr(event, name) for name in FIELDS}
    row |= {"at": event.at.isoformat(), "actor_id": event.actor_id}
    try:
        length = cache.push(QUEUE_KEY, json.dumps(row))
    except RedisError as error:
        logger.warning("Access-log queue unavailable (%s): row written at once", error)
        event.save(force_insert=True)
        return
    if length >= FLUSH_ROWS:
        flush()


def flush() -> int:
    """Write every queued row; how many were written."""
    if not hasattr(cache, "pop"):
        return 0
    written = 0
    while values := cache.pop(QUEUE_KEY, BATCH_ROWS):
        try:
            written += _write([json.loads(value) for value in values])
        except BaseException:
            for value in values:  # kept for the next flush
                cache.push(QUEUE_KEY, value)
            raise
        if len(values) < BATCH_ROWS:
            break
    return written


def _write(rows: list[dict]) -> int:
    # An account deleted since the read is no longer named, as its older rows are not
    # (the foreign key is SET_NULL).
    actor_ids = {row["actor_id"] for row in rows if row["actor_id"] is not None}
    existing = set(get_user_model().objects.filter(pk__in=actor_ids).values_list("pk", flat=True))
    events = []
    for row in rows:
        at = datetime.fromisoformat(row.pop("at"))
        actor_id = row.pop("actor_id")
        events.append(AuditEvent(at=at, actor_id=actor_id if actor_id in existing else None, **row))
    AuditEvent.objects.bulk_create(events)
    return len(events)
