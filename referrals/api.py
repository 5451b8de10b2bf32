from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsStaff, api_roles
from buddies.roles import Role
from referrals import selectors, services
from referrals.filters import OutgoingReferralFilter
from referrals.models import ContactPoint, Partner, PartnerService
from referrals.serializers import (
    OutgoingReferralCreateSerializer,
    OutgoingReferralSerializer,
    PartnerSerializer,
    PartnerServiceSerializer,
    ReferralEventSerializer,
    TransitionSerializer,
)

MayRefer = api_roles(Role.COORDINATOR, Role.VOLUNTEER)


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


class OutgoingReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents referred to partners: volunteers see theirs, social workers their
    residents', coordinators all. Others' referrals answer 404."""

    serializer_class = OutgoingReferralSerializer
    filterset_class = OutgoingReferralFilter
    permission_classes = [IsStaff]

    def get_queryset(self):
        visible = selectors.visible_outgoing_referrals(self.request.user)
        return selectors.outgoing_referral_list(visible)

    def get_permissions(self):
        if self.action == "create" or self.request.method == "POST":
            return [MayRefer()]
        return super().get_permissions()

    @extend_schema(request=OutgoingReferralCreateSerializer, responses=OutgoingReferralSerializer)
    def create(self, request, *args, **kwargs):
        serializer = OutgoingReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.create_outgoing_referral(**serializer.validated_data, by=request.user)
        return Response(OutgoingReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=ReferralEventSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=TransitionSerializer,
        responses={201: OutgoingReferralSerializer},
        description="Move the referral to another status. Not allowed by the transition "
        "table: 400. Changed by someone else meanwhile: 409. Status `sent` e-mails the "
        "partner its answer link.",
    )
    @action(detail=True, methods=["get", "post"])
    def transitions(self, request, pk=None):
        """The log of status changes, or (POST) a change of status."""
        referral = self.get_object()
        if request.method == "GET":
            events = referral.events.select_related("by")
            return Response(ReferralEventSerializer(events, many=True).data)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_status(referral=referral, **serializer.validated_data, by=request.user)
        return Response(OutgoingReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
