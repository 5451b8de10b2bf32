"""/api/v1/locations/: the places' endpoints, with what is booked on a closure.

A closure added by POST answers with the sessions and workshops already booked on
it; `closures/{closure_id}/cancel-sessions/` cancels those sessions."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.privacy.reads import note
from config.api import CONFLICT, REFUSED
from scheduling.closures import selectors, services
from scheduling.closures.serializers import (
    BookedClosureSerializer,
    CancelBookedSerializer,
    CancelledSerializer,
)
from scheduling.places import api as places_api
from scheduling.places import closures
from scheduling.places.api import YearSerializer
from scheduling.places.models import Closure
from scheduling.places.serializers import ClosureSerializer, ClosuresSerializer


class LocationViewSet(places_api.LocationViewSet):
    @extend_schema(
        methods=["GET"],
        parameters=[YearSerializer],
        responses={200: ClosuresSerializer, 400: REFUSED},
    )
    @extend_schema(
        methods=["POST"],
        request=ClosureSerializer,
        responses={201: BookedClosureSerializer, 400: REFUSED},
    )
    @action(detail=True, methods=["get", "post"], filterset_fields=[], pagination_class=None)
    def closures(self, request, pk=None):
        """Public holidays and local closures of a place (coordinators add closures;
        the answer lists the sessions and workshops already booked then)."""
        return super().closures(request, pk=pk)

    def _add_closure(self, request, location):
        serializer = ClosureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        closure = closures.add_closure(
            location=location, by=request.user, **serializer.validated_data
        )
        booked = selectors.booked_on_closure(closure)
        note(request, booked.sessions)
        closure.affected_sessions = booked.sessions
        closure.affected_workshops = booked.workshops
        return Response(BookedClosureSerializer(closure).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CancelBookedSerializer,
        responses={200: CancelledSerializer, 400: REFUSED, 409: CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"closures/(?P<closure_id>\d+)/cancel-sessions",
        url_name="closure-cancel-sessions",
        filterset_fields=[],
        pagination_class=None,
    )
    def cancel_sessions(self, request, pk=None, closure_id=None):
        """Cancel the sessions booked on this closure (or only `session`); the residents
        and volunteers are told, each on their own channel."""
        location = self.get_object()
        closure = get_object_or_404(
            Closure.objects.filter(places_api._place_or_all(location)), pk=closure_id
        )
        serializer = CancelBookedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cancelled = services.cancel_booked(
            closure=closure,
            by=request.user,
            session_id=serializer.validated_data.get("session"),
            location_id=location.pk,
        )
        return Response({"cancelled": [session.pk for session in cancelled]})
