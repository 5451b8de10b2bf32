"""API shapes of sessions, series and free slots."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from buddies.errors import RuleError
from buddies.models import Resident, Topic, Volunteer
from buddies.people.selectors import may_name_in_full, resident_name_for
from buddies.validators import validate_plausible_day
from scheduling.places.models import Location, Seat
from scheduling.places.times import aware_from_local
from scheduling.sessions.models import HelpSession, Series, SkippedOccurrence
from scheduling.sessions.selectors import topic_ids_by_session


class LocalDateTimeField(serializers.DateTimeField):
    """A naive value is Brussels wall time; a missing or doubled hour is refused."""

    def enforce_timezone(self, value: datetime) -> datetime:
        # A far-off moment is refused before Brussels time turns it into UTC.
        try:
            validate_plausible_day(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        if value.tzinfo is None:
            try:
                return aware_from_local(value)
            except RuleError as error:
                raise serializers.ValidationError(str(error.message)) from error
        return super().enforce_timezone(value)


class SessionSerializer(serializers.ModelSerializer):
    resident_name = serializers.SerializerMethodField()
    volunteer_name = serializers.SerializerMethodField()
    location_name = serializers.CharField(source="location.name", read_only=True)
    seat_label = serializers.CharField(source="seat.label", read_only=True)
    # Empty unless cancelled: the schema must allow "" too.
    cancelled_by = serializers.ChoiceField(
        choices=HelpSession.CancelledBy.choices, allow_blank=True, read_only=True
    )
    urgent = serializers.BooleanField(
        source="is_urgent", read_only=True, help_text="Open again after its volunteer gave it back"
    )

    class Meta:
        model = HelpSession
        fields = [
            "id", "resident", "resident_name", "volunteer", "volunteer_name", "topics",
            "location", "location_name", "seat", "seat_label", "start", "end", "status",
            "cancelled_by", "cancel_reason", "duration_minutes", "series", "occurrence_day",
            "urgent",
            "sequence",
        ]  # fmt: skip
        read_only_fields = fields

    def get_resident_name(self, session) -> str:
        """In full only for whom the people rules allow; a volunteer who does not hold the
        session gets the first name (buddies.people.selectors.resident_name_for)."""
        request = self.context.get("request")
        if request is None:
            return session.resident.first_name
        return resident_name_for(request.user, session.resident)

    def get_volunteer_name(self, session) -> str:
        return str(session.volunteer) if session.volunteer else ""


_MOMENT = serializers.DateTimeField()
_DAY = serializers.DateField()


def _or_none(field: serializers.Field, value):
    return None if value is None else field.to_representation(value)


def session_list_rows(rows: Iterable[dict], user) -> list[dict]:
    """A page of the session list from plain values (selectors.list_values), written as
    SessionSerializer writes each session: the same keys, names and formats."""
    rows = list(rows)
    topics = topic_ids_by_session(row["id"] for row in rows)
    shown = []
    for row in rows:
        first, last = row["resident__first_name"], row["resident__last_name"]
        volunteer_name = ""
        if row["volunteer_id"] is not None:
            full = f"{row['volunteer__user__first_name']} {row['volunteer__user__last_name']}"
            volunteer_name = full.strip() or row["volunteer__user__username"]
        status = row["status"]
        shown.append(
            {
                "id": row["id"],
                "resident": row["resident_id"],
                "resident_name": f"{first} {last}".strip()
                if may_name_in_full(user, row["resident_id"])
                else first,
                "volunteer": row["volunteer_id"],
                "volunteer_name": volunteer_name,
                "topics": topics.get(row["id"], []),
                "location": row["location_id"],
                "location_name": row["location__name"],
                "seat": row["seat_id"],
                "seat_label": row["seat__label"],
                "start": _or_none(_MOMENT, row["start"]),
                "end": _or_none(_MOMENT, row["end"]),
                "status": status,
                "cancelled_by": row["cancelled_by"],
                "cancel_reason": row["cancel_reason"],
                "duration_minutes": row["duration_minutes"],
                "series": row["series_id"],
                "occurrence_day": _or_none(_DAY, row["occurrence_day"]),
                "urgent": status == HelpSession.Status.OPEN and row["handed_back_at"] is not None,
                "sequence": row["sequence"],
            }
        )
    return shown


class BookSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.filter(active=True))
    topics = serializers.PrimaryKeyRelatedField(
        queryset=Topic.objects.filter(active=True), many=True
    )
    start = LocalDateTimeField(help_text=_("Brussels wall time when no offset is given."))
    end = LocalDateTimeField(required=False)
    seat = serializers.PrimaryKeyRelatedField(queryset=Seat.objects.all(), required=False)
    volunteer = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.filter(active=True), required=False
    )


class CancelSerializer(serializers.Serializer):
    cancelled_by = serializers.ChoiceField(choices=HelpSession.CancelledBy.choices, required=False)
    reason = serializers.CharField(max_length=200)


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField()
    minutes = serializers.IntegerField(min_value=1, max_value=600, required=False)


class SkippedSerializer(serializers.ModelSerializer):
    class Meta:
        model = SkippedOccurrence
        fields = ["day", "why", "detail"]


class SeriesSerializer(serializers.ModelSerializer):
    skipped = SkippedSerializer(many=True, read_only=True)
    sessions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Series
        fields = [
            "id", "resident", "volunteer", "topics", "location", "seat", "first_day",
            "local_start", "duration_minutes", "frequency", "rrule", "until",
            "materialised_until", "sessions", "skipped",
        ]  # fmt: skip
        read_only_fields = fields


class SeriesCreateSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.filter(active=True))
    topics = serializers.PrimaryKeyRelatedField(
        queryset=Topic.objects.filter(active=True), many=True
    )
    first_day = serializers.DateField(
        validators=[validate_plausible_day],
    )
    local_start = serializers.TimeField(help_text=_("Brussels wall time, kept all year."))
    frequency = serializers.ChoiceField(choices=Series.Frequency.choices, default=1)
    minutes = serializers.IntegerField(min_value=15, max_value=240, required=False)
    until = serializers.DateField(validators=[validate_plausible_day], required=False)
    seat = serializers.PrimaryKeyRelatedField(queryset=Seat.objects.all(), required=False)
    volunteer = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.filter(active=True), required=False
    )


class CancelFromSerializer(serializers.Serializer):
    day = serializers.DateField(
        validators=[validate_plausible_day],
    )
    reason = serializers.CharField(max_length=200)
    cancelled_by = serializers.ChoiceField(
        choices=HelpSession.CancelledBy.choices, default="coordinator"
    )


class MoveSerializer(serializers.Serializer):
    """A new time and/or place for one session; the services check it as a booking."""

    start = LocalDateTimeField(help_text=_("Brussels wall time when no offset is given."))
    end = LocalDateTimeField(required=False, help_text=_("Default: the same length as now."))
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.filter(active=True), required=False
    )
    seat = serializers.PrimaryKeyRelatedField(
        queryset=Seat.objects.filter(active=True), required=False
    )
    sequence = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text=_("The session's sequence as you read it: a change since then answers 409."),
    )


class ChangeFromSerializer(serializers.Serializer):
    """What changes in a series from `day` on; what is left out stays as it is."""

    day = serializers.DateField()
    local_start = serializers.TimeField(required=False)
    weekday = serializers.IntegerField(
        min_value=0, max_value=6, required=False, help_text=_("0 is Monday, 6 is Sunday.")
    )
    frequency = serializers.ChoiceField(choices=Series.Frequency.choices, required=False)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.filter(active=True), required=False
    )
    seat = serializers.PrimaryKeyRelatedField(
        queryset=Seat.objects.filter(active=True), required=False
    )
    until = serializers.DateField(
        required=False, allow_null=True, help_text=_("The last day; null for no end.")
    )


class SlotQuerySerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.filter(active=True))
    topic = serializers.PrimaryKeyRelatedField(queryset=Topic.objects.all(), required=False)
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False)
    volunteer = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.all(), required=False)
    start_from = serializers.DateField(validators=[validate_plausible_day], required=False)
    to = serializers.DateField(validators=[validate_plausible_day], required=False)
    minutes = serializers.IntegerField(min_value=15, max_value=240, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    location_id = serializers.IntegerField()
    seat_id = serializers.IntegerField()
    seat_label = serializers.CharField()
    volunteer_ids = serializers.ListField(child=serializers.IntegerField())
