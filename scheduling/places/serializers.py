"""API shapes of places, seats, opening hours and closures."""

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from scheduling.places.models import Closure, Location, Seat


class SeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = Seat
        fields = ["id", "label", "notes", "active"]


class OpeningHoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField()
    opens = serializers.TimeField()
    closes = serializers.TimeField()


class LocationSerializer(serializers.ModelSerializer):
    phone = PhoneNumberField(required=False)
    seats = SeatSerializer(many=True, read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Location
        fields = [
            "id", "name", "kind", "street", "postcode", "town", "address", "phone", "active",
            "seats", "opening_hours",
        ]  # fmt: skip
        read_only_fields = ["address"]


class ClosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Closure
        fields = ["id", "location", "first_day", "last_day", "closed_from", "reason"]
        read_only_fields = ["location"]


class PublicHolidaySerializer(serializers.Serializer):
    day = serializers.DateField()
    name = serializers.CharField()


class ClosuresSerializer(serializers.Serializer):
    public_holidays = PublicHolidaySerializer(many=True)
    local = ClosureSerializer(many=True)
