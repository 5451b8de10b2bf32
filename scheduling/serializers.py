from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from scheduling.models import Location


class LocationSerializer(serializers.ModelSerializer):
    phone = PhoneNumberField(required=False)

    class Meta:
        model = Location
        fields = ["id", "name", "kind", "street", "postcode", "town", "address", "phone", "active"]
        read_only_fields = ["address"]
