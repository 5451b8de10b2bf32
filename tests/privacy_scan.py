"""Search everything the service stores for a piece of personal data.

`places_holding(needles)` looks in every text, char and JSON column of every model
Django knows (history models, django-q2's task tables and each many-to-many table
included), in the raw tables of the database (so a table without a model is not
missed), in task payloads and results after decoding them (django-q2 pickles and
signs them), in decoded login sessions, and in the cache (local memory in tests;
Redis, every key of its database, when REDIS_URL is set). It answers with the places, e.g.
`"scheduling_sessionoutcome.notes_for_next_buddy"` or `"cache:ical:feed:3"`.
"""

import pickle
import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import connection, models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
# iCalendar folds lines longer than 75 octets with CRLF and a space; unfold first.
FOLD = re.compile(r"\r?\n[ \t]")


def texts_of(value, depth: int = 0) -> Iterable[str]:
    """Every piece of text inside a stored value: bytes are unpickled or decoded."""
    if depth > 8 or value is None:
        return
    if isinstance(value, str):
        yield FOLD.sub("", value)
        yield from texts_of(_unsigned(value), depth + 1)
    elif isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        try:
            yield from texts_of(pickle.loads(raw), depth + 1)  # noqa: S301 - our own test data
        except Exception:  # not a pickle: plain bytes
            yield FOLD.sub("", raw.decode("utf-8", "replace"))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_of(key, depth + 1)
            yield from texts_of(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from texts_of(item, depth + 1)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from texts_of(getattr(value, field.name), depth + 1)
    else:
        yield repr(value)


def _unsigned(text: str):
    """A django-q2 payload (signed, compressed pickle), or None for any other text."""
    if len(text) < 20 or ":" not in text:
        return None
    from django_q.signing import SignedPackage

    try:
        return SignedPackage.loads(text)
    except (signing.BadSignature, pickle.UnpicklingError, ValueError, TypeError, EOFError):
        return None
    except Exception:
        return None


def _holds(value, needles: list[str]) -> set[str]:
    found = set()
    for text in texts_of(value):
        lowered = text.lower()
        found |= {needle for needle in needles if needle.lower() in lowered}
    return found


def _model_columns(needles: list[str]) -> dict[str, set[str]]:
    """Every text-like field of every model, read through the ORM (decoded values)."""
    hits: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_FIELDS) or type(f).__name__ == "PickledObjectField"
        ]
        if not names:
            continue
        for values in model._base_manager.values_list(*names).iterator():
            for name, value in zip(names, values, strict=True):
                for needle in _holds(value, needles):
                    hits.setdefault(needle, set()).add(f"{model._meta.db_table}.{name}")
    return hits


def _sessions(needles: list[str]) -> dict[str, set[str]]:
    """Signed-in users' sessions, decoded (stored signed and encoded)."""
    from django.contrib.sessions.models import Session

    hits: dict[str, set[str]] = {}
    for session in Session.objects.all():
        for needle in _holds(session.get_decoded(), needles):
            hits.setdefault(needle, set()).add("django_session.session_data (decoded)")
    return hits


def _is_text(type_code) -> bool:
    if connection.vendor == "postgresql":
        return type_code in (25, 1042, 1043, 114, 3802)  # text, char, varchar, json, jsonb
    return any(kind in str(type_code).lower() for kind in ("char", "text", "clob", "json"))


def _raw_columns(needles: list[str]) -> dict[str, set[str]]:
    """Every text column of every table, whether or not a model describes it."""
    hits: dict[str, set[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if not _is_text(column.type_code):
                    continue
                cursor.execute(f"SELECT {quote(column.name)} FROM {quote(table)}")  # noqa: S608
                for (value,) in cursor.fetchall():
                    for needle in _holds(value, needles):
                        hits.setdefault(needle, set()).add(f"{table}.{column.name}")
    return hits


def cache_items() -> Iterable[tuple[str, object]]:
    """(key, stored value) of everything in the cache, and of the whole Redis database."""
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # LocMemCache: pickled values by full key
        yield from list(backend.items())
        return
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(count=500):
            kind = client.type(key).decode()
            if kind == "string":
                yield key.decode(), client.get(key)
            elif kind == "list":
                yield key.decode(), client.lrange(key, 0, -1)
            elif kind == "hash":
                yield key.decode(), client.hgetall(key)
            elif kind == "set":
                yield key.decode(), client.smembers(key)
            elif kind == "zset":
                yield key.decode(), client.zrange(key, 0, -1)


def _cache(needles: list[str]) -> dict[str, set[str]]:
    hits: dict[str, set[str]] = {}
    for key, value in cache_items():
        for needle in _holds(key, needles) | _holds(value, needles):
            hits.setdefault(needle, set()).add(f"cache:{key}")
    return hits


def places_holding(needles: list[str]) -> dict[str, list[str]]:
    """For each needle, every place that holds it (an empty list when none does)."""
    found: dict[str, set[str]] = {needle: set() for needle in needles}
    parts = (_model_columns(needles), _sessions(needles), _raw_columns(needles), _cache(needles))
    for part in parts:
        for needle, places in part.items():
            found[needle] |= places
    return {needle: sorted(places) for needle, places in found.items()}
