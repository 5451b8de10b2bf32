"""API shapes of offered times and the answer staff note."""

from rest_framework import serializers

from scheduling.waitlist.models import SlotOffer


class SlotOfferSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.__str__", read_only=True)
    location = serializers.IntegerField(source="slot.location_id", read_only=True)
    seat = serializers.IntegerField(source="slot.seat_id", read_only=True)
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    end = serializers.DateTimeField(source="slot.end", read_only=True)

    class Meta:
        model = SlotOffer
        fields = [
            "id", "resident", "resident_name", "location", "seat", "start", "end", "status",
            "offered_at", "expires_at", "answered_at", "session",
        ]  # fmt: skip
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(help_text="True: the resident said yes (book it).")
