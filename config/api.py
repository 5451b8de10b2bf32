"""One place where the domain's refusals become HTTP answers, for the whole API:

- `exception_handler`: a RuleError is a 400 on its field, a ConflictError a 409;
- `document_refusals`: the schema names the refusals every operation may answer;
- `JSONParser`, `Metadata`, `FilterBackend`: odd input (JSON nested too deep, OPTIONS
  on an action, `?active=997`) is a 400 or a plain answer, never a 500.
"""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse
from rest_framework import parsers, serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.metadata import SimpleMetadata
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from buddies.errors import ConflictError, RuleError

REFUSED = OpenApiResponse(description="A rule refused the change (field messages).")
CONFLICT = OpenApiResponse(description="Lost a race: taken or booked meanwhile.")


class JSONParser(parsers.JSONParser):
    """JSON bodies; one nested deeper than Python's decoder goes is malformed (400)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError() from error


class Metadata(SimpleMetadata):
    """OPTIONS answers: field details only for serializers that have fields (an action
    answering with a viewer-dependent shape has none to describe)."""

    def get_serializer_info(self, serializer):
        if not isinstance(serializer, serializers.Serializer | serializers.ListSerializer):
            return {}
        return super().get_serializer_info(serializer)


def exception_handler(exc, context):
    if isinstance(exc, RuleError):
        code = status.HTTP_409_CONFLICT if isinstance(exc, ConflictError) else 400
        field = exc.field or "detail"
        return Response({field: [str(exc.message)], "code": exc.code}, status=code)
    return drf_exception_handler(exc, context)


# Times of day (opening hours, availability) are Brussels wall-clock times such as
# "09:00:00", with no UTC offset. JSON Schema's "time" format is RFC 3339's
# full-time, which requires one, so the schema says what the API really sends.
WALL_TIME = {
    "type": "string",
    "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
    "example": "09:30:00",
}


def _wall_times(node):
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            node.pop("format")
            node.setdefault("pattern", WALL_TIME["pattern"])
            node.setdefault("example", WALL_TIME["example"])
        for value in node.values():
            _wall_times(value)
    elif isinstance(node, list):
        for value in node:
            _wall_times(value)


def describe_wall_times(result, generator, request, public):
    """drf-spectacular post-processing hook: local times as a pattern, not format "time"."""
    _wall_times(result)
    return result


# Refusals every operation may answer, documented once for all of them: a bad field
# or query (400), no or wrong login (401, 403), an unknown id or page (404), an
# unacceptable Accept header (406), a body too large (413) or of an unknown type
# (415), too many requests (429); writes may also lose a race (409).
ERROR_BODY = {
    "type": "object",
    "description": "Messages by field name, or `detail` for the whole request.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "The request or a rule refused it (messages by field).",
    "401": "Not logged in.",
    "403": "Not allowed for this account.",
    "404": "No such object for this account, or no such page of a list.",
    "406": "The API answers JSON only.",
    "429": "Too many requests; try again later.",
}
BODY_ERRORS = {
    "409": "Lost a race: taken or booked meanwhile.",
    "413": "The body is too large.",
    "415": "The body is not JSON or a form.",
}
WRITES = {"post", "put", "patch", "delete"}


def document_refusals(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents its refusals."""
    result.setdefault("components", {}).setdefault("schemas", {})["Refusal"] = ERROR_BODY
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in WRITES | {"get", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            errors = ERRORS | (BODY_ERRORS if method in WRITES else {})
            for code, description in errors.items():
                answer = responses.setdefault(code, {"description": description})
                answer.setdefault("content", content)
    return result


def allow_empty_query_values(result, generator, request, public):
    """drf-spectacular post-processing hook: as in an HTML form, an empty query value
    (`?kind=`, `?page=`) means the filter is not given, so the schema says so."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


class StrictBooleanSelect(forms.NullBooleanSelect):
    """The yes/no select, handing the value on as sent (the field judges it)."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanField(forms.NullBooleanField):
    """A yes/no filter that refuses anything but true or false (400), instead of
    quietly ignoring `?active=997` and answering the whole list."""

    widget = StrictBooleanSelect
    default_error_messages = {"invalid": _("Give true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        spelled = {"true": True, "false": False, "unknown": None}.get(str(value).lower(), "")
        if spelled == "":
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return spelled

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class FilterSet(django_filters.FilterSet):
    """The base of the API's filters made from `filterset_fields`."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": BooleanFilter},
    }


class FilterBackend(DjangoFilterBackend):
    filterset_base = FilterSet
