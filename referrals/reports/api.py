"""GET /api/v1/reports/{name}/?from=&to=&location= : a report's figures as JSON."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from buddies.permissions import IsCoordinator
from referrals.reports import disclosure, exports, registry
from referrals.reports.base import plain
from referrals.reports.exports import XLSX
from referrals.reports.scope import Scope, scope_from


@extend_schema_field(
    {"oneOf": [{"type": "number"}, {"type": "string"}], "description": "money as a decimal string"}
)
class FigureValueField(serializers.Field):
    """A count as a number; money as a decimal string (never a float)."""

    def to_representation(self, value):
        return value if isinstance(value, int | float) else str(value)


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    value = FigureValueField(help_text="Exact, for the coordinator's own use.")
    unit = serializers.CharField()
    people = serializers.BooleanField(help_text="A count of people.")
    shared_value = FigureValueField(
        help_text='As shared views show it: a count of 1 to 4 people is "< 5"; a figure '
        'computed from such a count is "hidden".'
    )


class ReportSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    period_from = serializers.DateField(source="start")
    period_to = serializers.DateField(source="end")
    location = serializers.IntegerField(allow_null=True)
    figures = FigureSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


SCOPE_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (default: 1 January)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included (default: today)."),
    OpenApiParameter("location", OpenApiTypes.INT, description="Only this place."),
]
NAME = OpenApiParameter(
    "name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(registry.REPORTS)
)


class ReportViewSet(viewsets.ViewSet):
    """Coordinators only. The same figures as the report pages and exports."""

    permission_classes = [IsCoordinator]
    lookup_field = "name"
    lookup_value_regex = "[a-z_]+"

    # A list action: drf-spectacular makes the array; this is one item of it.
    @extend_schema(responses={200: {"type": "string", "enum": list(registry.REPORTS)}})
    def list(self, request):
        return Response(list(registry.REPORTS))

    @extend_schema(
        parameters=[NAME, *SCOPE_PARAMETERS],
        responses={200: ReportSerializer, 400: OpenApiResponse(description="Bad period or place")},
    )
    def retrieve(self, request, name: str):
        scope = self._scope(request, name)
        report = registry.build(name, scope)
        return Response(
            {
                "name": report.name,
                "title": str(report.title),
                "period_from": scope.start,
                "period_to": scope.end,
                "location": scope.location.pk if scope.location else None,
                "figures": [
                    {**f.as_json(), "shared_value": plain(disclosure.shared_value(f))}
                    for f in report.figures
                ],
                "notes": [str(n) for n in report.notes],
            }
        )

    def _scope(self, request, name: str):
        if name not in registry.REPORTS:
            raise NotFound
        params = {k: v for k, v in request.query_params.items() if k != "file"}
        scope, form = scope_from(params or None)
        if scope is None and params:
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        return scope or Scope.default()

    @extend_schema(
        parameters=[
            NAME,
            *SCOPE_PARAMETERS,
            OpenApiParameter("file", OpenApiTypes.STR, enum=["csv", "xlsx"]),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, XLSX): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Bad period, place or file type"),
        },
    )  # fmt: skip
    @action(detail=True, methods=["get"])
    def export(self, request, name: str):
        """The report as a CSV or XLSX file, the same figures as the page's download."""
        kind = request.query_params.get("file", "csv")
        if kind not in ("csv", "xlsx"):
            raise ValidationError({"file": [_("Choose csv or xlsx.")]})
        scope = self._scope(request, name)
        report = registry.build(name, scope)
        return exports.as_xlsx(report, scope) if kind == "xlsx" else exports.as_csv(report, scope)
