"""/api/v1/partners/: the partner directory, read-only."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from buddies.permissions import IsStaff
from referrals.partners.models import ContactPoint, Partner, PartnerService
from referrals.partners.serializers import (
    ContactPointSerializer,
    PartnerSerializer,
    PartnerServiceSerializer,
)


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """The partner directory (coordinators edit it in the admin)."""

    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    permission_classes = [IsStaff]
    filterset_fields = ["kind", "active"]

    @extend_schema(responses=PartnerServiceSerializer(many=True))
    @action(detail=True, methods=["get"])
    def services(self, request, pk=None):
        """The services of one partner, each with its contact points."""
        partner = self.get_object()
        points = ContactPoint.objects.prefetch_related("languages")
        queryset = PartnerService.objects.filter(partner=partner).prefetch_related(
            Prefetch("contact_points", queryset=points), "topics"
        )
        page = self.paginate_queryset(queryset)
        serializer = PartnerServiceSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(responses=ContactPointSerializer(many=True))
    @action(detail=True, methods=["get"])
    def contacts(self, request, pk=None):
        """Every way to reach the partner (phone, e-mail, address, hours), all services."""
        partner = self.get_object()
        points = ContactPoint.objects.filter(service__partner=partner).prefetch_related("languages")
        page = self.paginate_queryset(points.order_by("service__pk", "position", "pk"))
        return self.get_paginated_response(ContactPointSerializer(page, many=True).data)
