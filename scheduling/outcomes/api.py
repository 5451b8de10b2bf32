"""/api/v1/ outcomes: a done session's outcome, a resident's progress per topic, and
the permanent-support flags with their decisions. The pages' services decide."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from buddies.models import Resident
from buddies.people import selectors as people
from buddies.permissions import IsCoordinator, IsStaff, api_roles
from buddies.privacy import reads
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role
from config.api import CONFLICT, REFUSED
from scheduling.outcomes import autonomy, rechecks, support
from scheduling.outcomes import services as outcomes
from scheduling.outcomes.models import SessionOutcome
from scheduling.outcomes.serializers import (
    DecideSerializer,
    OutcomeInputSerializer,
    OutcomeSerializer,
    RecheckInputSerializer,
    RecheckSerializer,
    SupportCaseSerializer,
    SupportDecisionSerializer,
    TrailSerializer,
)
from scheduling.sessions import selectors as sessions
from scheduling.sessions.models import HelpSession


class SessionOutcomeViewSet(viewsets.ViewSet):
    """The outcome of one done session: its volunteer or a coordinator reads and notes it."""

    permission_classes = [api_roles(Role.COORDINATOR, Role.VOLUNTEER)]

    def _session(self, request, pk) -> HelpSession:
        visible = sessions.visible_sessions(request.user, pk=pk)
        session = get_object_or_404(visible, pk=pk)
        if not outcomes.may_record_outcome(user=request.user, session=session):
            raise Http404
        return session

    def _show(self, request, outcome, code=status.HTTP_200_OK):
        can_read = outcomes.may_read_notes(user=request.user, resident=outcome.resident)
        context = {"can_read_notes": can_read}
        return Response(OutcomeSerializer(outcome, context=context).data, status=code)

    @extend_schema(
        responses={200: OutcomeSerializer, 404: OpenApiResponse(description="None yet.")}
    )
    def list(self, request, session_pk=None):
        session = self._session(request, session_pk)
        outcome = get_object_or_404(
            SessionOutcome.objects.select_related("resident"), session=session
        )
        return self._show(request, outcome)

    @extend_schema(
        request=OutcomeInputSerializer,
        responses={201: OutcomeSerializer, 400: REFUSED, 409: CONFLICT},
        description="Note (or correct) the outcome of a done session.",
    )
    def create(self, request, session_pk=None):
        session = self._session(request, session_pk)
        serializer = OutcomeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        abilities = {row["topic"].pk: row["ability"] for row in data["abilities"]}
        outcome = outcomes.record_outcome(
            session=session, abilities=abilities, by=request.user,
            confidence=data.get("confidence"), notes=data.get("notes", ""),
            follow_up=data.get("follow_up", ""),
        )  # fmt: skip
        return self._show(request, outcome, status.HTTP_201_CREATED)


class ResidentProgressViewSet(LogsReadsMixin, viewsets.ViewSet):
    """Each topic measured for a resident, with its trail of answers, oldest first, its
    baseline (the first answer), DigComp 2.2 level and mapping, and its re-checks."""

    permission_classes = [IsStaff]

    @extend_schema(responses=TrailSerializer(many=True))
    def list(self, request, resident_pk=None):
        resident = get_object_or_404(people.residents_visible_to(request.user), pk=resident_pk)
        reads.note_one(request, resident)
        context = {
            "autonomy": {row.topic.pk: row for row in autonomy.autonomy_of(resident)},
            "can_read_notes": outcomes.may_read_notes(user=request.user, resident=resident),
        }
        trails = outcomes.progress_of(resident)
        return Response(TrailSerializer(trails, many=True, context=context).data)


class RecheckViewSet(LogsReadsMixin, viewsets.ViewSet):
    """Re-checks of autonomy due now (a coordinator: everyone's; a volunteer: their buddy
    residents'), and recording one: does the resident still do the topic alone?"""

    permission_classes = [api_roles(Role.COORDINATOR, Role.VOLUNTEER)]

    @extend_schema(
        parameters=[OpenApiParameter("resident", int, description="Only this resident.")],
        responses={200: RecheckSerializer(many=True), 400: REFUSED},
    )
    def list(self, request):
        residents = autonomy.residents_to_recheck(request.user)
        wanted = request.query_params.get("resident")
        if wanted is not None:
            if not wanted.isdigit():
                raise ValidationError({"resident": [_("Give a resident's number.")]})
            residents = residents.filter(pk=int(wanted))
        due = autonomy.due_rechecks(residents)
        reads.note_residents(
            request, [r.resident_id for r in due], object_type="scheduling.autonomyrecheck"
        )
        return Response(RecheckSerializer(due, many=True).data)

    @extend_schema(
        request=RecheckInputSerializer,
        responses={201: RecheckSerializer, 400: REFUSED, 404: OpenApiResponse(), 409: CONFLICT},
        description="Note the re-check due now for a resident's topic (default day: today).",
    )
    def create(self, request):
        serializer = RecheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resident = get_object_or_404(
            autonomy.residents_to_recheck(request.user), pk=data["resident"]
        )
        row = rechecks.record_recheck(
            resident=resident, topic=data["topic"], result=data["result"], by=request.user,
            checked_on=data.get("checked_on"), note=data.get("note", ""),
        )  # fmt: skip
        shown = next(
            r for r in autonomy.rechecks_for([resident]) if r.row is not None and r.row.pk == row.pk
        )
        context = {"can_read_notes": True}
        return Response(RecheckSerializer(shown, context=context).data, status=201)


class SupportCaseViewSet(viewsets.ViewSet):
    """Residents flagged for permanent support, and the decisions on them (coordinators)."""

    permission_classes = [IsCoordinator]
    lookup_value_regex = r"\d+"

    @extend_schema(responses=SupportCaseSerializer(many=True))
    def list(self, request):
        return Response(SupportCaseSerializer(support.support_cases(), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Resident.")],
        request=DecideSerializer,
        responses={201: SupportDecisionSerializer, 400: REFUSED},
        description="Confirm (the support level becomes permanent) or dismiss, saying why.",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        resident = get_object_or_404(Resident, pk=pk, anonymised_at__isnull=True)
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = support.decide(
            resident=resident, confirm=serializer.validated_data["decision"] == "confirm",
            why=serializer.validated_data["why"], by=request.user,
        )  # fmt: skip
        return Response(SupportDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
