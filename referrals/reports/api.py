"""GET /api/v1/reports/{name}/?from=&to=&location= : a report's figures as JSON."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from buddies.permissions import IsCoordinator
from referrals.reports import registry
from referrals.reports.scope import scope_from


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
    value = FigureValueField()
    unit = serializers.CharField()


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
        if name not in registry.REPORTS:
            raise NotFound
        scope, form = scope_from(request.query_params or None)
        if scope is None and request.query_params:
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        if scope is None:
            from referrals.reports.scope import Scope

            scope = Scope.default()
        report = registry.build(name, scope)
        return Response(
            {
                "name": report.name,
                "title": str(report.title),
                "period_from": scope.start,
                "period_to": scope.end,
                "location": scope.location.pk if scope.location else None,
                "figures": [f.as_json() for f in report.figures],
                "notes": [str(n) for n in report.notes],
            }
        )
