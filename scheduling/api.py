from rest_framework import viewsets

from buddies.permissions import IsStaff
from scheduling.models import Location
from scheduling.serializers import LocationSerializer


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    """The places with a computer corner, for every role that logs in."""

    queryset = Location.objects.filter(active=True)
    serializer_class = LocationSerializer
    permission_classes = [IsStaff]
    filterset_fields = ["kind"]
