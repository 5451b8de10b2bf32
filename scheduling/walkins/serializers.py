"""API shapes of walk-in visits: what is sent to log one, and what a list shows."""

from rest_framework import serializers

from buddies.models import Topic
from buddies.validators import validate_person_name
from scheduling.outcomes.models import Ability
from scheduling.places.models import Location, Seat
from scheduling.walkins.models import WalkInVisit
from scheduling.walkins.services import MAX_SEAT_MINUTES, SEAT_MINUTES


class WalkInSerializer(serializers.ModelSerializer):
    """A visit. The visitor's name and number show only to coordinators and to whoever
    logged the visit (`shows_personal` in the context says for which)."""

    place = serializers.PrimaryKeyRelatedField(source="location", read_only=True)
    phone = serializers.SerializerMethodField()
    first_name = serializers.SerializerMethodField()

    class Meta:
        model = WalkInVisit
        fields = [
            "id", "place", "at", "topic", "other_topic", "outcome", "returning", "first_name",
            "phone", "consent", "seat", "seat_until", "resident", "recorded_by",
        ]  # fmt: skip
        read_only_fields = fields

    def _shown(self, visit: WalkInVisit) -> bool:
        return self.context["shows_personal"](visit)

    def get_phone(self, visit: WalkInVisit) -> str:
        return str(visit.phone) if visit.phone and self._shown(visit) else ""

    def get_first_name(self, visit: WalkInVisit) -> str:
        return visit.first_name if self._shown(visit) else ""


class WalkInInputSerializer(serializers.Serializer):
    place = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    at = serializers.DateTimeField(required=False, help_text="Default: now.")
    topic = serializers.PrimaryKeyRelatedField(
        queryset=Topic.objects.filter(active=True), required=False, allow_null=True
    )
    other_topic = serializers.CharField(required=False, allow_blank=True, max_length=200)
    outcome = serializers.ChoiceField(choices=Ability.choices, default=Ability.WITH_HELP)
    returning = serializers.BooleanField(default=False)
    first_name = serializers.CharField(
        required=False, allow_blank=True, max_length=80, validators=[validate_person_name]
    )
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    consent = serializers.BooleanField(
        default=False, help_text="The visitor agrees that the name and number are kept."
    )
    seat = serializers.PrimaryKeyRelatedField(
        queryset=Seat.objects.all(), required=False, allow_null=True
    )
    seat_minutes = serializers.IntegerField(
        default=SEAT_MINUTES, min_value=5, max_value=MAX_SEAT_MINUTES
    )
