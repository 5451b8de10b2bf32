"""One place where the domain's refusals become HTTP answers."""

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
