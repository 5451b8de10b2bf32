"""Matching over the API, for coordinators: start runs, read proposals, accept or reject."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.models import Resident, Volunteer
from buddies.permissions import IsCoordinator
from buddies.privacy.reads import LogsReadsMixin
from config.api import CONFLICT, REFUSED
from scheduling.matching import first_session
from scheduling.matching import services as matching_service
from scheduling.matching.explain import Names, describe_part, describe_unmatched, still_open
from scheduling.matching.models import MatchProposal, MatchRun, UnmatchedResident
from scheduling.sessions import selectors as session_selectors
from scheduling.sessions.models import HelpSession
from scheduling.sessions.serializers import SessionSerializer


class MatchRunSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "status",
            "stage",
            "progress",
            "reason",
            "created_at",
            "started_at",
            "finished_at",
            "residents_count",
            "volunteers_count",
            "places_count",
            "candidate_pairs",
            "matched_count",
            "unmatched_count",
            "total_score",
            "solver_seconds",
            "seconds",
            "error",
        ]
        read_only_fields = fields


class ExplanationPartSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.FloatField(allow_null=True)
    params = serializers.DictField()
    text = serializers.CharField(help_text="The part in the request's language.")


class FirstSlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    place = serializers.IntegerField(source="location_id")
    seat = serializers.IntegerField(source="first_slot_seat_id", allow_null=True)


class MatchProposalSerializer(serializers.ModelSerializer):
    explanation = serializers.SerializerMethodField()
    open_topics = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Topics the resident needs and this buddy is not trained for, most urgent "
        "first; empty when the buddy covers every need.",
    )
    still_open = serializers.SerializerMethodField(
        help_text="The open topics by name in the request's language; empty when none."
    )
    first_slot = serializers.SerializerMethodField(
        help_text="The accepted pair's first free time together; null before accepting "
        "or when none was found."
    )

    class Meta:
        model = MatchProposal
        fields = [
            "id",
            "run",
            "resident",
            "volunteer",
            "location",
            "score",
            "priority",
            "waiting_since",
            "first_slot",
            "status",
            "decided_at",
            "reject_reason",
            "pair",
            "first_session",
            "open_topics",
            "still_open",
            "explanation",
        ]
        read_only_fields = fields

    def get_still_open(self, proposal) -> str:
        return still_open(proposal.open_topics, self.context.setdefault("names", Names.load()))

    @extend_schema(responses=ExplanationPartSerializer(many=True))
    def get_explanation(self, proposal) -> list[dict]:
        names = self.context.setdefault("names", Names.load())
        return [{**part, "text": describe_part(part, names)} for part in proposal.explanation]

    @extend_schema_field(FirstSlotSerializer(allow_null=True))
    def get_first_slot(self, proposal) -> dict | None:
        if proposal.first_slot_start is None:
            return None
        slot = {
            "start": proposal.first_slot_start,
            "end": proposal.first_slot_end,
            "location_id": proposal.location_id,
            "first_slot_seat_id": proposal.first_slot_seat_id,
        }
        return FirstSlotSerializer(slot).data


class UnmatchedSerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = UnmatchedResident
        fields = ["id", "run", "resident", "rule", "params", "reason", "priority", "waiting_since"]
        read_only_fields = fields

    def get_reason(self, row) -> str:
        names = self.context.setdefault("names", Names.load())
        return describe_unmatched(row.rule, row.params, names)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class PairByHandSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
    volunteer = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.all())
    reason = serializers.CharField(max_length=300, help_text="Why the coordinator pairs them.")


class MatchRunViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Matching runs: POST starts one in the background (202); GET shows progress and figures."""

    queryset = MatchRun.objects.all()
    serializer_class = MatchRunSerializer
    permission_classes = [IsCoordinator]
    filterset_fields = ["status"]

    @extend_schema(request=None, responses={202: MatchRunSerializer})
    def create(self, request, *args, **kwargs):
        run = matching_service.start_run(by=request.user, reason="API")
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)


class MatchProposalViewSet(LogsReadsMixin, viewsets.ReadOnlyModelViewSet):
    """Buddy proposals, most urgent first; accept makes a buddy pair, reject needs a reason."""

    queryset = MatchProposal.objects.all()
    serializer_class = MatchProposalSerializer
    permission_classes = [IsCoordinator]
    filterset_fields = ["status", "run", "resident", "volunteer"]

    @extend_schema(
        request=None,
        responses={200: MatchProposalSerializer, 400: REFUSED, 409: CONFLICT},
        description="Make the pair and keep its first free slot. 400 when the buddy's "
        "training for a needed topic is no longer valid at that slot.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        proposal = self.get_object()
        matching_service.accept_proposal(proposal=proposal, by=request.user)
        proposal.refresh_from_db()
        return Response(self.get_serializer(proposal).data)

    @extend_schema(
        request=None,
        responses={201: SessionSerializer, 400: REFUSED, 409: CONFLICT},
        description="Book the accepted proposal's first free slot for its pair. 400 when "
        "no slot was found; 409 when the time was taken meanwhile or is already booked.",
    )
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        session = first_session.book_first_session(proposal=self.get_object(), by=request.user)
        session = session_selectors.with_details(HelpSession.objects.filter(pk=session.pk)).get()
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RejectSerializer, responses={200: MatchProposalSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        proposal = self.get_object()
        form = RejectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        matching_service.reject_proposal(
            proposal=proposal, by=request.user, reason=form.validated_data["reason"]
        )
        proposal.refresh_from_db()
        return Response(self.get_serializer(proposal).data)


class PairByHandViewSet(viewsets.GenericViewSet):
    """Pair a resident with a chosen volunteer by hand: the same rules and steps as
    accepting a proposal (the resident is told), with a reason that is kept."""

    queryset = MatchProposal.objects.none()
    serializer_class = MatchProposalSerializer
    permission_classes = [IsCoordinator]
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        request=PairByHandSerializer,
        responses={201: MatchProposalSerializer, 400: REFUSED, 409: CONFLICT},
        description="400 when a rule refuses the pair (the text names it) or the reason "
        "is missing; 409 when the resident no longer waits or the volunteer filled up.",
    )
    def create(self, request):
        form = PairByHandSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        proposal = matching_service.pair_by_hand(
            resident=form.validated_data["resident"],
            volunteer=form.validated_data["volunteer"],
            by=request.user,
            reason=form.validated_data["reason"],
        )
        return Response(self.get_serializer(proposal).data, status=status.HTTP_201_CREATED)


class UnmatchedViewSet(LogsReadsMixin, viewsets.ReadOnlyModelViewSet):
    """Residents a run found no buddy for, with the rule in the request's language."""

    queryset = UnmatchedResident.objects.all()
    serializer_class = UnmatchedSerializer
    permission_classes = [IsCoordinator]
    filterset_fields = ["run", "rule", "resident"]


# --- a volunteer pauses, stops or helps again ---------------------------------------------


class VolunteerStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = Volunteer
        fields = ["id", "status", "active", "paused_until"]
        read_only_fields = fields


class PauseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    until = serializers.DateField(
        required=False, allow_null=True, help_text="Last day of the pause"
    )


class StopSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class VolunteerStatusViewSet(viewsets.GenericViewSet):
    """Pause (until a last day, or until resumed), stop or resume a volunteer. Pausing and
    stopping end their buddy pairs, hand their coming sessions back (urgent), tell the
    residents and cancel the sessions in the volunteer's calendar."""

    queryset = Volunteer.objects.select_related("user")
    serializer_class = VolunteerStatusSerializer
    permission_classes = [IsCoordinator]
    filter_backends: list = []
    pagination_class = None

    def _step_back(self, request, form_class, *, pause: bool):
        volunteer = self.get_object()
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        matching_service.step_back(
            volunteer=volunteer,
            by=request.user,
            reason=form.validated_data["reason"],
            pause=pause,
            until=form.validated_data.get("until"),
        )
        return Response(self.get_serializer(volunteer).data)

    @extend_schema(
        request=PauseSerializer,
        responses={200: VolunteerStatusSerializer, 400: REFUSED, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._step_back(request, PauseSerializer, pause=True)

    @extend_schema(
        request=StopSerializer,
        responses={200: VolunteerStatusSerializer, 400: REFUSED, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        return self._step_back(request, StopSerializer, pause=False)

    @extend_schema(request=None, responses={200: VolunteerStatusSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        volunteer = matching_service.resume_volunteer(volunteer=self.get_object(), by=request.user)
        return Response(self.get_serializer(volunteer).data)
