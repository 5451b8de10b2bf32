"""REST endpoints for places, sessions, series and free slots.

Views only translate HTTP to service calls; the services raise RuleError /
ConflictError, which config.api turns into 400 / 409.
"""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from buddies.permissions import IsCoordinator, IsStaff, api_roles
from buddies.privacy import reads
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role
from config.api import CONFLICT, REFUSED
from config.pagination import KeysFirstPagination
from scheduling.sessions import booking, selectors, series
from scheduling.sessions.filters import SessionFilter
from scheduling.sessions.models import HelpSession
from scheduling.sessions.serializers import (
    AttendanceSerializer,
    BookSerializer,
    CancelFromSerializer,
    CancelSerializer,
    ChangeFromSerializer,
    MoveSerializer,
    SeriesCreateSerializer,
    SeriesSerializer,
    SessionSerializer,
    SlotQuerySerializer,
    SlotSerializer,
    session_list_rows,
)
from scheduling.sessions.slots import day_bounds, find_slots

IsVolunteer = api_roles(Role.VOLUNTEER)


class SessionViewSet(
    LogsReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Help sessions each user may see: coordinators all, social workers their
    referred residents', volunteers their own and the open ones they may claim."""

    serializer_class = SessionSerializer
    permission_classes = [IsStaff]
    filterset_class = SessionFilter
    pagination_class = KeysFirstPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HelpSession.objects.none()
        pk = self.kwargs.get("pk")
        pk = int(pk) if pk is not None and str(pk).isdigit() else None
        if self.action == "claim":  # the claim reads the session fresh under its locks
            return selectors.visible_sessions(self.request.user, pk=pk, to_claim=True)
        if self.action == "list":  # rows are read as values (list below)
            return selectors.visible_sessions(self.request.user)
        return selectors.with_details(selectors.visible_sessions(self.request.user, pk=pk))

    def filter_queryset(self, queryset):
        if self.action == "claim":  # the session is named by its id: no list filters to apply
            return queryset
        return super().filter_queryset(queryset)

    # A page's rows as plain values (its keys found first, without the joins), written
    # as SessionSerializer writes them (serializers.session_list_rows): the serializer
    # stays the schema's shape.
    page_rows = staticmethod(selectors.list_values)

    def list(self, request, *args, **kwargs):
        sessions = self.filter_queryset(self.get_queryset())
        page = self.paginator.paginate_queryset(sessions, request, view=self)
        reads.note_residents(
            request, [row["resident_id"] for row in page], object_type=HelpSession._meta.label_lower
        )
        return self.get_paginated_response(session_list_rows(page, request.user))

    def get_permissions(self):
        if self.action in ("create", "move"):
            return [IsCoordinator()]
        if self.action in ("claim", "hand_back"):
            return [IsVolunteer()]
        return super().get_permissions()

    def _answer(self, session, code=status.HTTP_200_OK):
        session = selectors.with_details(HelpSession.objects.filter(pk=session.pk)).get()
        context = self.get_serializer_context()
        return Response(SessionSerializer(session, context=context).data, status=code)

    @extend_schema(
        request=BookSerializer, responses={201: SessionSerializer, 400: REFUSED, 409: CONFLICT}
    )
    def create(self, request, *args, **kwargs):
        """Book one session (open, or claimed when a volunteer is given)."""
        serializer = BookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = booking.book_session(by=request.user, **serializer.validated_data)
        return self._answer(session, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SessionSerializer, 400: REFUSED, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Take an open session; first come, first served."""
        session = self.get_object()
        volunteer = selectors.volunteer_of(request.user)
        if volunteer is None:
            raise PermissionDenied
        claimed = booking.claim_session(session=session, volunteer=volunteer, by=request.user)
        # The claim read the session under its locks with all its answer shows.
        return Response(SessionSerializer(claimed, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: SessionSerializer, 400: REFUSED, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="hand-back")
    def hand_back(self, request, pk=None):
        """Give your own coming session back: it is open (urgent) for other volunteers, the
        resident keeps it and is told only if nobody takes it HAND_BACK_NOTICE_HOURS before."""
        session = self.get_object()
        return self._answer(booking.hand_back_session(session=session, by=request.user))

    @extend_schema(
        request=CancelSerializer, responses={200: SessionSerializer, 400: REFUSED, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel with a reason; coordinators say who asked for it."""
        session = self.get_object()
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            who = booking.who_cancels(
                user=request.user, session=session, requested=data.get("cancelled_by", "")
            )
        except booking.RuleError as error:
            raise PermissionDenied(str(error.message)) from error
        return self._answer(
            booking.cancel_session(
                session=session, by=request.user, cancelled_by=who, reason=data["reason"]
            )
        )

    @extend_schema(
        request=MoveSerializer, responses={200: SessionSerializer, 400: REFUSED, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the session to another time and/or place, checked as a new booking is.

        The resident and the volunteer are told; 409 when someone changed the session or
        took the time meanwhile (send the `sequence` you read to be sure)."""
        session = self.get_object()
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        booking.check_sequence(session, data.pop("sequence", None))
        return self._answer(booking.reschedule_session(session=session, by=request.user, **data))

    @extend_schema(
        request=AttendanceSerializer,
        responses={200: SessionSerializer, 400: REFUSED, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Mark done (with minutes) or no-show, from the start of the session on."""
        session = self.get_object()
        if not booking.may_record_attendance(user=request.user, session=session):
            raise PermissionDenied
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(
            booking.record_attendance(session=session, by=request.user, **serializer.validated_data)
        )


class SeriesViewSet(
    LogsReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Weekly or fortnightly series, with their sessions and skipped occurrences."""

    serializer_class = SeriesSerializer
    permission_classes = [IsCoordinator]
    filterset_fields = ["resident", "volunteer", "location"]

    def get_queryset(self):
        return selectors.series_list()

    @extend_schema(request=SeriesCreateSerializer, responses={201: SeriesSerializer, 400: REFUSED})
    def create(self, request, *args, **kwargs):
        serializer = SeriesCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made, _result = series.start_series(by=request.user, **serializer.validated_data)
        made = get_object_or_404(self.get_queryset(), pk=made.pk)
        return Response(SeriesSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CancelFromSerializer, responses={200: SeriesSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], url_path="cancel-from")
    def cancel_from(self, request, pk=None):
        """Cancel the occurrence on `day` and every one after it."""
        serializer = CancelFromSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        series.cancel_from(series=self.get_object(), by=request.user, **serializer.validated_data)
        return Response(SeriesSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(
        request=ChangeFromSerializer,
        responses={200: SeriesSerializer, 400: REFUSED, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="change-from")
    def change_from(self, request, pk=None):
        """Change hour, weekday, place, rhythm or last day from `day` on; answers the new
        series that takes over (sessions before `day` stay with this one)."""
        serializer = ChangeFromSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made, _result = series.change_from(
            series=self.get_object(), by=request.user, **serializer.validated_data
        )
        return Response(SeriesSerializer(get_object_or_404(self.get_queryset(), pk=made.pk)).data)


class SlotsView(APIView):
    """Free slots at a place: open, not closed, a seat free, and (with a topic) a
    trained volunteer available; with a resident or volunteer, they are free too."""

    permission_classes = [IsCoordinator]

    @extend_schema(
        parameters=[
            OpenApiParameter("location", int, required=True),
            OpenApiParameter("topic", int),
            OpenApiParameter("resident", int),
            OpenApiParameter("volunteer", int),
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day (default today)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (default +14 days)"),
            OpenApiParameter("minutes", int),
            OpenApiParameter("limit", int),
        ],
        responses={200: SlotSerializer(many=True), 400: REFUSED},
    )
    def get(self, request):
        query = dict(request.query_params.items())
        query["start_from"] = query.pop("from", None) or timezone.localdate()
        serializer = SlotQuerySerializer(data=query)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        last = data.get("to") or data["start_from"] + timedelta(days=14)
        first_moment, last_moment = day_bounds(data["start_from"], last)
        slots = find_slots(
            location=data["location"],
            start_from=max(first_moment, timezone.now()),
            until=last_moment,
            minutes=data.get("minutes"),
            resident=data.get("resident"),
            volunteer=data.get("volunteer"),
            topic_ids=[data["topic"].pk] if data.get("topic") else [],
            limit=data["limit"],
        )
        return Response(SlotSerializer(slots, many=True).data)
