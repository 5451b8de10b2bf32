"""/api/v1/partners/: the partner directory, read-only; /api/v1/open-data/hsds/: the
directory and the computer corners as Open Referral HSDS JSON, for anyone."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from buddies.permissions import IsStaff
from referrals.partners import hsds
from referrals.partners.models import LANGUAGE_CODES, ContactPoint, Partner, PartnerService
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


class HsdsView(APIView):
    """Open data in Open Referral HSDS 3.0: the partner directory, the places, their
    opening hours and the workshops with free places. Public facts only, so no login."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=[OpenApiParameter("language", OpenApiTypes.STR, enum=list(LANGUAGE_CODES))],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="HSDS 3.0 tables: organizations, services, locations, "
                "service_at_locations, schedules, phones, addresses, contacts, languages.",
            ),
            400: OpenApiResponse(description="Unknown language"),
        },
    )
    def get(self, request):
        language = request.query_params.get("language") or "nl"
        if language not in LANGUAGE_CODES:
            raise ValidationError({"language": [_("Choose nl, fr or en.")]})
        return Response(hsds.hsds_document(language=language))
