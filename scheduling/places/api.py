"""/api/v1/locations/: places with their seats, opening hours and closures."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator, IsStaff
from buddies.validators import FIRST_YEAR, LAST_YEAR
from config.api import REFUSED
from scheduling.places import closures
from scheduling.places.models import Location
from scheduling.places.serializers import ClosureSerializer, ClosuresSerializer, LocationSerializer


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
        help_text="Year of the public holidays (default: this year)",
    )  # fmt: skip


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    """The places with a computer corner, for every role that logs in."""

    queryset = Location.objects.filter(active=True).prefetch_related("seats", "opening_hours")
    serializer_class = LocationSerializer
    permission_classes = [IsStaff]
    filterset_fields = ["kind"]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsCoordinator()]
        return super().get_permissions()

    @extend_schema(
        methods=["GET"],
        parameters=[YearSerializer],
        responses={200: ClosuresSerializer, 400: REFUSED},
    )
    @extend_schema(
        methods=["POST"],
        request=ClosureSerializer,
        responses={201: ClosureSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["get", "post"], filterset_fields=[], pagination_class=None)
    def closures(self, request, pk=None):
        """Public holidays and local closures of a place (coordinators add closures)."""
        location = self.get_object()
        if request.method == "POST":
            return self._add_closure(request, location)
        query = YearSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        holidays = closures.public_holidays([year])
        local = location.closures.model.objects.filter(
            first_day__year__lte=year, last_day__year__gte=year
        ).filter(_place_or_all(location))
        data = {
            "public_holidays": [{"day": d, "name": n} for d, n in sorted(holidays.items())],
            "local": list(local),
        }
        return Response(ClosuresSerializer(data).data)

    def _add_closure(self, request, location):
        serializer = ClosureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closure = closures.add_closure(
            location=location, by=request.user, **serializer.validated_data
        )
        return Response(ClosureSerializer(closure).data, status=status.HTTP_201_CREATED)


def _place_or_all(location):
    from django.db.models import Q

    return Q(location=location) | Q(location__isnull=True)
