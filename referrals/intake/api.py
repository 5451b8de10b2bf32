"""API for incoming referrals: `referrals` and `referrals/{id}/transitions`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator, api_roles
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role
from referrals.intake import selectors
from referrals.intake import services as intake_services
from referrals.intake.filters import IncomingReferralFilter
from referrals.intake.serializers import (
    DuplicateCandidateSerializer,
    IncomingReferralEventSerializer,
    IncomingReferralSerializer,
    IntakeCreateSerializer,
    IntakeTransitionSerializer,
)

Readers = api_roles(Role.COORDINATOR, Role.SOCIAL_WORKER)
SocialWorkers = api_roles(Role.SOCIAL_WORKER)


class IncomingReferralViewSet(
    LogsReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents referred to the programme. A social worker sees and creates their own;
    coordinators see all and move them on. Someone else's referral answers 404."""

    serializer_class = IncomingReferralSerializer
    filterset_class = IncomingReferralFilter
    permission_classes = [Readers]
    read_always = True  # a referral names a person before they are a resident

    def get_queryset(self):
        visible = selectors.visible_incoming_referrals(self.request.user)
        return selectors.incoming_referral_list(visible)

    def get_permissions(self):
        if self.action == "create":
            return [SocialWorkers()]
        if self.action == "transitions" and self.request.method == "POST":
            return [IsCoordinator()]
        return super().get_permissions()

    @extend_schema(
        request=IntakeCreateSerializer,
        responses={
            201: IncomingReferralSerializer,
            409: OpenApiResponse(
                description="Possible duplicate: the body lists `candidates` "
                "(id, name, birth_year, town). Send again with `same_as` or `new_person`."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = IntakeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = intake_services.create_intake(
                **serializer.service_arguments(), by=request.user
            )
        except intake_services.PossibleDuplicate as duplicate:
            body = {
                "same_as": [str(duplicate.message)],
                "code": duplicate.code,
                "candidates": DuplicateCandidateSerializer(duplicate.candidates, many=True).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(IncomingReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=IncomingReferralEventSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=IntakeTransitionSerializer,
        responses={201: IncomingReferralSerializer},
        description="Coordinators: accept, decline (with `reason`) or close (with `outcome`). "
        "Not allowed by the transition table, or set only by the system (matched, in "
        "progress): 400. Changed by someone else meanwhile: 409.",
    )
    @action(detail=True, methods=["get", "post"])
    def transitions(self, request, pk=None):
        """The timeline of status changes, or (POST) a change of status."""
        referral = self.get_object()
        if request.method == "GET":
            events = referral.events.select_related("by")
            return Response(IncomingReferralEventSerializer(events, many=True).data)
        serializer = IntakeTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        intake_services.change_intake_status(
            referral=referral, **serializer.validated_data, by=request.user
        )
        return Response(IncomingReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
