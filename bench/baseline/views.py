"""The baseline's endpoints: a page of 50 sessions (DRF over model objects, and
`.values()`), a locked claim, and a static calendar feed with its ETag."""

import time

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from bench.baseline.models import HelpSession, Volunteer

HOLDING = ("open", "claimed", "confirmed", "done", "no_show")
COUNT_SECONDS = 60  # as the product keeps the count of a long list
_counts: dict[str, tuple[float, int]] = {}


class KeysFirstPaginator(Paginator):
    """Skips over primary keys alone and joins only the rows shown, as the product's
    lists do; the count is kept a minute in this process."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)

    @cached_property
    def count(self) -> int:
        key = str(self.object_list.query)
        found = _counts.get(key)
        if found is None or found[0] < time.monotonic():
            found = (time.monotonic() + COUNT_SECONDS, self.object_list.count())
            _counts[key] = found
        return found[1]


class Pagination(PageNumberPagination):
    page_size = 50
    django_paginator_class = KeysFirstPaginator


class SessionSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.__str__", read_only=True)
    volunteer_name = serializers.SerializerMethodField()
    location_name = serializers.CharField(source="location.name", read_only=True)
    seat_label = serializers.CharField(source="seat.label", read_only=True)
    urgent = serializers.BooleanField(source="is_urgent", read_only=True)

    class Meta:
        model = HelpSession
        fields = [
            "id", "resident", "resident_name", "volunteer", "volunteer_name", "topics",
            "location", "location_name", "seat", "seat_label", "start", "end", "status",
            "cancelled_by", "cancel_reason", "duration_minutes", "series", "occurrence_day",
            "urgent", "sequence",
        ]  # fmt: skip
        read_only_fields = fields

    def get_volunteer_name(self, session) -> str:
        return str(session.volunteer) if session.volunteer else ""


def sessions():
    return HelpSession.objects.select_related(
        "resident", "volunteer__user", "location", "seat"
    ).prefetch_related("topics")


class SessionList(generics.ListAPIView):
    serializer_class = SessionSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return sessions()


COLUMNS = (
    "id", "resident_id", "resident__first_name", "resident__last_name", "volunteer_id",
    "volunteer__user__first_name", "volunteer__user__last_name", "volunteer__user__username",
    "location_id", "location__name", "seat_id", "seat__label", "start", "end", "status",
    "cancelled_by", "cancel_reason", "duration_minutes", "series_id", "occurrence_day",
    "handed_back_at", "sequence",
)  # fmt: skip


def session_values(request):
    """The same page from `.values()`: no model objects, no DRF fields."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Not logged in."}, status=403)
    paginator = KeysFirstPaginator(HelpSession.objects.order_by("start", "pk"), 50)
    page = paginator.page(request.GET.get("page", 1))
    rows = list(page.object_list.values(*COLUMNS))
    topics: dict[int, list[int]] = {}
    through = HelpSession.topics.through.objects.filter(helpsession_id__in=[r["id"] for r in rows])
    for session_id, topic_id in through.values_list("helpsession_id", "topic_id"):
        topics.setdefault(session_id, []).append(topic_id)
    results = [
        {
            "id": r["id"],
            "resident": r["resident_id"],
            "resident_name": f"{r['resident__first_name']} {r['resident__last_name']}".strip(),
            "volunteer": r["volunteer_id"],
            "volunteer_name": (
                f"{r['volunteer__user__first_name']} {r['volunteer__user__last_name']}".strip()
                or (r["volunteer__user__username"] or "")
            ),
            "topics": topics.get(r["id"], []),
            "location": r["location_id"],
            "location_name": r["location__name"],
            "seat": r["seat_id"],
            "seat_label": r["seat__label"],
            "start": timezone.localtime(r["start"]).isoformat(),
            "end": timezone.localtime(r["end"]).isoformat(),
            "status": r["status"],
            "cancelled_by": r["cancelled_by"],
            "cancel_reason": r["cancel_reason"],
            "duration_minutes": r["duration_minutes"],
            "series": r["series_id"],
            "occurrence_day": r["occurrence_day"],
            "urgent": r["status"] == "open" and r["handed_back_at"] is not None,
            "sequence": r["sequence"],
        }
        for r in rows
    ]
    return JsonResponse({"count": paginator.count, "results": results})


@api_view(["POST"])
def claim(request, pk: int):
    """Lock the volunteer and the session, check that it is open and that the volunteer
    is free then, and take it: the least a claim needs to never double book."""
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().filter(user=request.user).first()
        if volunteer is None:
            return Response({"detail": "Not a volunteer."}, status=status.HTTP_403_FORBIDDEN)
        session = HelpSession.objects.select_for_update().filter(pk=pk).first()
        if session is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        if session.status != "open":
            return Response({"detail": "Taken."}, status=status.HTTP_409_CONFLICT)
        busy = HelpSession.objects.filter(
            volunteer=volunteer, status__in=HOLDING, start__lt=session.end, end__gt=session.start
        ).exists()
        if busy:
            return Response({"detail": "Busy then."}, status=status.HTTP_409_CONFLICT)
        HelpSession.objects.filter(pk=pk).update(
            volunteer=volunteer, status="claimed", sequence=F("sequence") + 1,
            changed_at=timezone.now(),
        )  # fmt: skip
    return Response({"id": pk, "status": "claimed"})


ETAG = '"baseline-static"'


def static_feed(request, token: str):
    """A fixed ETag: 304 when the client has it, without looking at anything else."""
    answer: HttpResponse
    if request.headers.get("If-None-Match") == ETAG:
        answer = HttpResponseNotModified()
    else:
        answer = HttpResponse("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", content_type="text/calendar")
    answer["ETag"] = ETAG
    return answer


def up(request):
    return HttpResponse("up")
