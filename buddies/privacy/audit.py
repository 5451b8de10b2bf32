"""The access log: who looked at, exported, erased or shared a resident's data.

Two writers, each called explicitly (no signals, no middleware guessing):

- `record_read`, for every page and API call that shows residents' data (lists,
  a record, a card, a report naming people): one row per request naming every
  resident read, written through `buddies.privacy.reads` (`logs_reads` on a
  view, `LogsReadsMixin` on a viewset), never one row per record;
- `record_access`, for the single acts on one resident: the export, page and
  API (`buddies.data_rights.export_resident`); the erasure, by a coordinator or
  by the retention job (`erase_resident`); every share with a partner (the e-mail
  that sends a referral or chases it, by the outgoing-referral service, and the
  partner opening its answer link); a coordinator reading this log.

`delete_expired_security_records` is the one place that removes rows (by age,
daily); nobody edits or deletes them by hand, not even in the admin.

A row holds ids and a path, nothing else personal; see `buddies.models.AuditEvent`.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from buddies.privacy import pending
from buddies.privacy.models import AuditEvent
from buddies.roles import User

Action = AuditEvent.Action
Actor = AuditEvent.Actor

PAGE_SIZE = 50
PATH_LENGTH = AuditEvent._meta.get_field("path").max_length
QUERY_LENGTH = AuditEvent._meta.get_field("query").max_length
MASK = "***"


def clean_path(path: str) -> str:
    """The path without its query string, link secrets masked, cut to the column."""
    from config.logging import mask_secrets  # the same masking as the request logs

    return mask_secrets(path.split("?", 1)[0])[:PATH_LENGTH]


def record_access(
    *,
    action: str,
    resident_id: int,
    by: User | None,
    obj: models.Model | None = None,
    path: str = "",
    actor_kind: str | None = None,
) -> AuditEvent:
    """Write one access-log row: `by` (None for the system or a partner) did `action`.

    `obj` is what was opened when it is not the resident itself (a referral sent
    to a partner); `path` is the request's path, stored cleaned.
    """
    user = by if by is not None and by.is_authenticated else None
    kind = actor_kind or (Actor.USER if user else Actor.SYSTEM)
    return AuditEvent.objects.create(
        action=action,
        resident_id=resident_id,
        resident_ids=id_list([resident_id]),
        actor=user,
        actor_kind=kind,
        object_type=obj._meta.label_lower if obj is not None else "buddies.resident",
        object_id=str(obj.pk if obj is not None else resident_id),
        path=clean_path(path),
    )


def record_read(
    *,
    by: User | None,
    resident_ids: Iterable[int],
    object_type: str,
    object_id: str = "",
    listed: bool,
    path: str,
    query: str = "",
) -> AuditEvent:
    """Write the one row of a request that showed residents' data.

    `listed`: a list (or a report) was read, not one record; `object_id` is the one
    record's id when a single one was read. `query` is the request's filters as
    cleaned by `clean_query`. With ACCESS_LOG_QUEUE on, the row is queued and
    written with others shortly after (`buddies.privacy.pending`); it is returned
    unsaved.
    """
    ids = sorted(set(resident_ids))
    user = by if by is not None and by.is_authenticated else None
    event = AuditEvent(
        action=Action.LISTED if listed else Action.VIEWED,
        resident_id=ids[0] if len(ids) == 1 else None,
        resident_ids=id_list(ids),
        actor=user,
        actor_kind=Actor.USER if user else Actor.SYSTEM,
        object_type=object_type,
        object_id=object_id,
        path=clean_path(path),
        query=query[:QUERY_LENGTH],
    )
    if pending.queued():
        pending.add(event)
    else:
        event.save(force_insert=True)
    return event


def id_list(ids: Iterable[int]) -> str:
    """ ",3,17," for 3 and 17: each id between commas, so ",17," finds exactly 17."""
    text = ",".join(str(int(pk)) for pk in ids)
    return f",{text}," if text else ""


# Filter values that may be a name, a number or a free text are masked in the log.
FREE_TEXT_KEYS = ("q", "search", "name", "phone", "mail", "street", "note", "text")


def clean_query(params: Mapping[str, Any]) -> str:
    """The request's filters for the log: keys and short values, free text masked."""
    getlist = getattr(params, "getlist", None)
    pairs = []
    for key in sorted(params):
        values = getlist(key) if getlist else [params[key]]
        for value in values:
            free = any(word in key.lower() for word in FREE_TEXT_KEYS)
            pairs.append((key[:40], MASK if free and value else str(value)[:40]))
    return urlencode(pairs)[:QUERY_LENGTH]


def events_of(resident_id: int) -> QuerySet[AuditEvent]:
    """A resident's access log, newest first, with each actor in the same query:
    the rows about them alone and the lists they were shown in."""
    pending.flush()
    rows = AuditEvent.objects.filter(
        Q(resident_id=resident_id) | Q(resident_ids__contains=id_list([resident_id]))
    )
    return rows.select_related("actor")


def events_page(resident_id: int, page_number) -> Page:
    return Paginator(events_of(resident_id), PAGE_SIZE).get_page(page_number)


def delete_expired_security_records() -> dict[str, int]:
    """Daily: forget access-log rows older than ACCESS_LOG_RETENTION_DAYS and login
    records (django-axes) older than LOGIN_LOG_RETENTION_DAYS (GDPR storage limit).

    This is the only place that deletes access-log rows; docs/privacy.md says why
    each term is what it is. Returns how many rows of each kind went.
    """
    from axes.handlers.proxy import AxesProxyHandler
    from axes.models import AccessAttempt

    now = timezone.now()
    login_days = settings.LOGIN_LOG_RETENTION_DAYS
    access_log, _kinds = AuditEvent.objects.filter(
        at__lt=now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    ).delete()
    # An attempt counter only matters for LOGIN_COOLOFF_MINUTES; kept as long as the logs.
    attempts, _kinds = AccessAttempt.objects.filter(
        attempt_time__lt=now - timedelta(days=login_days)
    ).delete()
    return {
        "access_log": access_log,
        "login_attempts": attempts,
        "login_failures": AxesProxyHandler.reset_failure_logs(age_days=login_days),
        "logins": AxesProxyHandler.reset_logs(age_days=login_days),
    }
