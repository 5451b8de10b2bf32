"""API for incoming referrals: `referrals` and `referrals/{id}/transitions`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator, api_roles
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role, has_role
from referrals.intake import selectors
from referrals.intake import services as intake_services
from referrals.intake.filters import IncomingReferralFilter
from referrals.intake.models import WaitingIntake
from referrals.intake.serializers import (
    DuplicateCandidateSerializer,
    IncomingReferralEventSerializer,
    IncomingReferralSerializer,
    IntakeCreateSerializer,
    IntakeTransitionSerializer,
    WaitingIntakeForCoordinatorSerializer,
    WaitingIntakeSerializer,
    WaitingLinkSerializer,
)
from referrals.intake.services import WAITING_MESSAGE

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
            202: OpenApiResponse(
                description="A resident with this phone number or name is known, but not "
                "to you: nothing about them is shown. The referral is kept (`waiting`, see "
                "`waiting-intakes`) and a coordinator links it."
            ),
            409: OpenApiResponse(
                description="Possible duplicate among the residents you referred: the body "
                "lists `candidates` (id, name, birth_year, town). Send again with `same_as` "
                "or `new_person`."
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
        if isinstance(referral, WaitingIntake):
            body = {
                "code": "waiting_for_coordinator",
                "detail": str(WAITING_MESSAGE),
                "waiting": referral.pk,
            }
            return Response(body, status=status.HTTP_202_ACCEPTED)
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


class WaitingIntakeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Intakes that may be about a resident someone else referred, kept for a coordinator.
    The social worker sees their own (no candidates); a coordinator sees all, with the
    residents found, and links each (`link`)."""

    permission_classes = [Readers]

    def get_queryset(self):
        visible = selectors.visible_waiting_intakes(self.request.user)
        return visible.select_related("referred_by").prefetch_related("topics")

    def get_serializer_class(self):
        if has_role(self.request.user, Role.COORDINATOR):
            return WaitingIntakeForCoordinatorSerializer
        return WaitingIntakeSerializer

    def get_permissions(self):
        if self.action == "link":
            return [IsCoordinator()]
        return super().get_permissions()

    @extend_schema(
        request=WaitingLinkSerializer,
        responses={201: IncomingReferralSerializer},
        description="Coordinators: the intake is about `resident` (one of the candidates) "
        "or a `new_person`; the referral is made. Already linked: 409.",
    )
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        waiting = self.get_object()
        serializer = WaitingLinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = intake_services.link_waiting_intake(
            waiting=waiting, by=request.user, **serializer.validated_data
        )
        return Response(IncomingReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
