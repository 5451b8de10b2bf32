from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsStaff, api_roles
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role
from config.api import CONFLICT, REFUSED
from referrals.outgoing import selectors, services
from referrals.outgoing.filters import OutgoingReferralFilter
from referrals.outgoing.serializers import (
    HandoverSerializer,
    OutgoingReferralCreateSerializer,
    OutgoingReferralSerializer,
    ReferralEventSerializer,
    TransitionSerializer,
)

MayRefer = api_roles(Role.COORDINATOR, Role.VOLUNTEER)


class OutgoingReferralViewSet(
    LogsReadsMixin,
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
        return Response(
            OutgoingReferralSerializer(referral, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

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
        return Response(
            OutgoingReferralSerializer(referral, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=None,
        responses={200: OutgoingReferralSerializer},
        description="The referrer or a coordinator revokes the partner's answer link: it "
        "no longer opens the referral. Logged in the resident's access log.",
    )
    @action(detail=True, methods=["post"], url_path="revoke-link")
    def revoke_link(self, request, pk=None):
        referral = self.get_object()
        services.revoke_partner_link(referral=referral, by=request.user)
        return Response(
            OutgoingReferralSerializer(referral, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=HandoverSerializer,
        responses={200: OutgoingReferralSerializer, 400: REFUSED, 409: CONFLICT},
        description="A new referral passed on without e-mail: by phone to the partner or "
        "on paper through the resident. It becomes `sent`; note the answer with a transition.",
    )
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        referral = self.get_object()
        serializer = HandoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.hand_over(
            referral=referral, by=request.user, **serializer.validated_data
        )
        return Response(
            OutgoingReferralSerializer(referral, context=self.get_serializer_context()).data
        )
