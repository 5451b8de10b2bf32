"""The API of calendars: answers to invitations, posted as iCalendar or e-mail text."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from buddies.permissions import IsCoordinator
from config.api import REFUSED
from scheduling.calendars.replies import record_reply


class RawParser(BaseParser):
    """The body as it came: an .ics or the whole e-mail carrying it, whatever type a
    mail service's webhook labels it with (text/calendar, message/rfc822, ...); what
    it holds is checked by the service, which answers 400 for anything else."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


class CalendarReplyView(APIView):
    """A volunteer's iTIP REPLY (ACCEPTED, TENTATIVE or DECLINED): recorded once against
    the session and volunteer it answers; a decline is e-mailed to the coordinator."""

    permission_classes = [IsCoordinator]
    parser_classes = [RawParser]

    @extend_schema(
        request={"text/calendar": bytes, "message/rfc822": bytes},
        responses={
            201: OpenApiResponse(description="Recorded (a decline is told to the coordinator)."),
            200: OpenApiResponse(description="This answer was already recorded."),
            400: REFUSED,
        },
    )
    def post(self, request):
        data = request.data if isinstance(request.data, bytes) else b""
        recorded = record_reply(data=data)
        reply = recorded.reply
        body = {
            "session": reply.session_id,
            "volunteer": reply.volunteer_id,
            "answer": reply.answer,
            "sequence": reply.sequence,
            "coordinators_told": len(recorded.told),
        }
        return Response(
            body, status=status.HTTP_201_CREATED if recorded.new else status.HTTP_200_OK
        )
