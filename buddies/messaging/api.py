"""/api/v1/messages/, /calls/ and /letters/: the delivery log, today's call list and
the print queue, for coordinators. The same selectors and outbox serve the pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.messaging import outbox, selectors
from buddies.messaging.models import Message
from buddies.messaging.serializers import (
    CallResultSerializer,
    CallSerializer,
    DeliverySerializer,
    LetterSerializer,
    MessageFilterSerializer,
    PrintedAnswerSerializer,
    PrintedSerializer,
)
from buddies.people.models import Channel
from buddies.permissions import IsCoordinator
from config.api import CONFLICT, REFUSED

PLACE = OpenApiParameter("place", int, description="Only messages about this place.")


def _filters(request) -> dict:
    serializer = MessageFilterSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=Message.Status.values),
        OpenApiParameter("channel", str, enum=Channel.values),
        OpenApiParameter("day", str, description="YYYY-MM-DD: messages made that day."),
    ]
)
class DeliveryLogViewSet(viewsets.ReadOnlyModelViewSet):
    """Every message the service made, newest first, with what became of it."""

    permission_classes = [IsCoordinator]
    serializer_class = DeliverySerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        filters = _filters(self.request) if self.action == "list" else {}
        return selectors.delivery_log(
            status=filters.get("status", ""), channel=filters.get("channel", ""),
            day=filters.get("day"),
        )  # fmt: skip


class CallListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Calls to make by the end of today, oldest first; note each call's result."""

    permission_classes = [IsCoordinator]
    queryset = Message.objects.none()
    serializer_class = CallSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(parameters=[PLACE])
    def list(self, request, *args, **kwargs):
        calls = selectors.call_list(
            location_id=_filters(request).get("place"), day=timezone.localdate()
        )
        return Response(CallSerializer(calls, many=True).data)

    @extend_schema(
        request=CallResultSerializer,
        responses={200: DeliverySerializer, 400: REFUSED, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        """Reached or message left ends it; no answer puts it on tomorrow's list."""
        message = get_object_or_404(Message, pk=pk, channel=Channel.PHONE)
        serializer = CallResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = outbox.record_call(message=message, by=request.user, **serializer.validated_data)
        return Response(DeliverySerializer(message).data)


class PrintQueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Letters waiting to be printed and posted or handed over."""

    permission_classes = [IsCoordinator]
    serializer_class = LetterSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(parameters=[PLACE])
    def list(self, request, *args, **kwargs):
        letters = selectors.print_queue(location_id=_filters(request).get("place"))
        return Response(LetterSerializer(letters, many=True).data)

    @extend_schema(request=PrintedSerializer, responses={200: PrintedAnswerSerializer})
    @action(detail=False, methods=["post"])
    def printed(self, request):
        """Mark letters as printed: they leave the queue (others' ids are ignored)."""
        serializer = PrintedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = outbox.mark_printed(
            message_ids=serializer.validated_data["letters"], by=request.user
        )
        return Response({"printed": done}, status=status.HTTP_200_OK)
