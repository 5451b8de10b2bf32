"""One place where the domain's refusals become HTTP answers."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from buddies.errors import ConflictError, RuleError

REFUSED = OpenApiResponse(description="A rule refused the change (field messages).")
CONFLICT = OpenApiResponse(description="Lost a race: taken or booked meanwhile.")


def exception_handler(exc, context):
    if isinstance(exc, RuleError):
        code = status.HTTP_409_CONFLICT if isinstance(exc, ConflictError) else 400
        field = exc.field or "detail"
        return Response({field: [str(exc.message)], "code": exc.code}, status=code)
    return drf_exception_handler(exc, context)


class ChildCollection(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Items that belong to one parent, at `<parents>/<id>/<items>/`: list, add, remove.

    A subclass says how to find the parent this user may reach (404 otherwise, as
    on the pages), its items, and which service adds or removes one; `check_write`
    refuses a change to a parent the user may only read.
    """

    pagination_class = None
    filter_backends: list = []

    def get_parent(self):
        raise NotImplementedError

    def items_of(self, parent):
        raise NotImplementedError

    def add(self, parent, data: dict):
        raise NotImplementedError

    def remove(self, item) -> None:
        raise NotImplementedError

    def check_write(self, parent) -> None:
        """Raise PermissionDenied when the user may read but not change the items."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return self.queryset
        return self.items_of(self.get_parent())

    def create(self, request, *args, **kwargs):
        parent = self.get_parent()
        self.check_write(parent)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = self.add(parent, dict(serializer.validated_data))
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        self.check_write(self.get_parent())
        self.remove(instance)


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
