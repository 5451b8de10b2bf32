"""API shapes of a closure with what is booked on it."""

from rest_framework import serializers

from scheduling.places.serializers import ClosureSerializer


class AffectedSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    status = serializers.CharField()
    location = serializers.IntegerField(source="location_id")
    resident_first_name = serializers.CharField(source="resident.first_name")
    volunteer = serializers.IntegerField(source="volunteer_id", allow_null=True)


class AffectedWorkshopSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    location = serializers.IntegerField(source="location_id")


class BookedClosureSerializer(ClosureSerializer):
    """A closure and the sessions and workshops still booked on it (move them with
    `POST /api/v1/sessions/{id}/move/`, cancel them with `.../cancel-sessions/`)."""

    affected_sessions = AffectedSessionSerializer(many=True, read_only=True)
    affected_workshops = AffectedWorkshopSerializer(many=True, read_only=True)

    class Meta(ClosureSerializer.Meta):
        fields = [*ClosureSerializer.Meta.fields, "affected_sessions", "affected_workshops"]


class CancelBookedSerializer(serializers.Serializer):
    session = serializers.IntegerField(
        required=False, min_value=1, help_text="Cancel only this session (default: all of them)"
    )


class CancelledSerializer(serializers.Serializer):
    cancelled = serializers.ListField(child=serializers.IntegerField())
