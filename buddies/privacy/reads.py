"""Reads of residents' data: one access-log row per request, naming whom it showed.

A page or endpoint that shows residents' data says what it showed with `note`
(a list, a page of a list, one record), as many times as it likes; when the
request ends well (2xx, GET or HEAD) one row is written by
`buddies.privacy.audit.record_read`, naming every resident read and the filters of
the list. Nothing is counted per record in the database, and reading a resident's
id off objects already loaded costs no query, so a list costs one INSERT more than
it did, whatever its length.

- a function view: `@logs_reads`, and `note(request, page)` in its body;
- a DRF viewset: `LogsReadsMixin`, which notes the page of a list and the object
  of a retrieve by itself (`read_resident` says where an object's resident is);
  other actions call `note` like a view;
- a ModelAdmin: `LogsReadsAdminMixin` (list, change and history pages).

A refused request (403, 404), a redirect, a form error or a read that showed no
resident (an empty list, a workshop without its people) writes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from operator import attrgetter
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponseBase

from buddies.privacy import audit

READS_ATTR = "_digibuddy_reads"
READ_METHODS = ("GET", "HEAD")
RESIDENT = "buddies.resident"


@dataclass
class Reads:
    """What one request showed so far."""

    object_type: str = ""
    object_ids: set[str] = field(default_factory=set)
    resident_ids: set[int] = field(default_factory=set)
    listed: bool = False
    # Objects that are personal data without a resident yet (a referral into the
    # programme names a person before they are one): logged even with no resident.
    always: bool = False

    def add(self, obj: Any, resident: Callable[[Any], Any]) -> None:
        label = label_of(obj)
        if not self.object_type:
            self.object_type = label
        if label == self.object_type:
            self.object_ids.add(str(getattr(obj, "pk", None) or id(obj)))
        resident_id = resident(obj)
        if resident_id is not None:
            self.resident_ids.add(int(resident_id))


def label_of(obj: Any) -> str:
    meta = getattr(obj, "_meta", None)
    return meta.label_lower if meta is not None else type(obj).__name__.lower()


def resident_id_of(obj: Any) -> int | None:
    """A shown object's resident, read off what is loaded: a resident is its own, a
    model row names it in `resident_id`, a plain row (a case, a report line) carries
    the `resident` itself."""
    if label_of(obj) == RESIDENT:
        return obj.pk
    if hasattr(obj, "_meta"):
        return getattr(obj, "resident_id", None)
    person = getattr(obj, "resident", None)
    return getattr(person, "pk", None)


def _http_request(request) -> HttpRequest:
    """The Django request behind a DRF one (attributes set on the wrapper stay there)."""
    return getattr(request, "_request", request)


def _reads_of(request) -> Reads:
    http = _http_request(request)
    reads = getattr(http, READS_ATTR, None)
    if reads is None:
        reads = Reads()
        setattr(http, READS_ATTR, reads)
    return reads


def note(
    request,
    objects: Iterable[Any],
    *,
    resident: str | None = None,
    listed: bool = True,
    always: bool = False,
) -> None:
    """Remember that `objects` were shown in this request.

    Each object's resident is found by `resident_id_of`, or by `resident`: an
    attribute path to the resident's id ("session.resident_id"); load what the path
    crosses with the objects (select_related) so reading it costs no query. A
    queryset is evaluated here once and keeps its results, so a template iterating
    it afterwards reads the same rows without a second query.
    """
    reads = _reads_of(request)
    resident_of = attrgetter(resident) if resident else resident_id_of
    for obj in objects:
        reads.add(obj, resident_of)
        reads.always = reads.always or always
    reads.listed = reads.listed or listed


def note_residents(request, resident_ids: Iterable[int | None], *, object_type: str) -> None:
    """Remember residents shown in rows that are not model objects (a report, a case list).

    `object_type` names what the rows are (a model label, or a name for a plain row).
    """
    reads = _reads_of(request)
    reads.object_type = reads.object_type or object_type
    for resident_id in resident_ids:
        if resident_id is not None:
            reads.resident_ids.add(int(resident_id))
            reads.object_ids.add(f"resident:{resident_id}")
    reads.listed = True


def note_one(
    request, obj: models.Model, *, resident: str | None = None, always: bool = False
) -> None:
    """Remember that one record was opened (its page, its card, its API detail)."""
    note(request, [obj], resident=resident, listed=False, always=always)


def write(request, response: HttpResponseBase) -> audit.AuditEvent | None:
    """Write the request's one row, if it showed anything and was answered with it."""
    http = _http_request(request)
    reads: Reads | None = getattr(http, READS_ATTR, None)
    if reads is None:
        return None
    delattr(http, READS_ATTR)
    shown = 200 <= response.status_code < 300 and http.method in READ_METHODS
    if not shown or not (reads.resident_ids or reads.always):
        return None
    single = not reads.listed and len(reads.object_ids) == 1
    return audit.record_read(
        by=getattr(http, "user", None),
        resident_ids=reads.resident_ids,
        object_type=reads.object_type,
        object_id=next(iter(reads.object_ids)) if single else "",
        listed=not single,
        path=http.path,
        query=audit.clean_query(http.GET),
    )


def logs_reads(view):
    """For a function view that calls `note`: write its one access-log row at the end."""

    @wraps(view)
    def logged(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        write(request, response)
        return response

    return logged


class LogsReadsMixin:
    """For a DRF viewset: a list's page and a retrieved object are noted; one row at the end."""

    read_resident: str | None = None  # an attribute path, if `resident_id_of` cannot tell
    read_always = False  # log reads of objects without a resident too (see `Reads.always`)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        if page is not None:
            note(
                self.request,  # type: ignore[attr-defined]
                page,
                resident=self.read_resident,
                always=self.read_always,
            )
        return page

    def get_object(self):
        obj = super().get_object()  # type: ignore[misc]
        note_one(
            self.request,  # type: ignore[attr-defined]
            obj,
            resident=self.read_resident,
            always=self.read_always,
        )
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        write(request, response)
        return response


class LogsReadsAdminMixin:
    """For a ModelAdmin of residents' data: its list page and its change page log their
    reads like any other page (the admin is where coordinators see the most at once)."""

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)  # type: ignore[misc]
        note(request, changelist.result_list)
        return changelist

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is not None:
            note_one(request, obj)
        return obj

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        write(request, response)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        write(request, response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)  # type: ignore[misc]
        write(request, response)
        return response
