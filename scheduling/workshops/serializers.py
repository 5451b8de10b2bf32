from decimal import Decimal

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from buddies.models import Resident, Topic
from buddies.validators import validate_person_name
from scheduling.workshops.models import (
    PaymentMethod,
    Tariff,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)


class WorkshopSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Topic.objects.all(), required=False
    )
    title = serializers.CharField(read_only=True)
    taken = serializers.IntegerField(read_only=True, help_text="Places held (offers included).")
    waiting = serializers.IntegerField(read_only=True, help_text="People on the waitlist.")

    class Meta:
        model = Workshop
        fields = [
            "id", "title", "title_nl", "title_fr", "title_en", "description_nl",
            "description_fr", "description_en", "topics", "location", "room", "start", "end",
            "capacity", "trainer_volunteer", "trainer_organisation", "standard_price",
            "social_price", "registration_deadline", "status", "taken", "waiting",
        ]  # fmt: skip
        read_only_fields = ["status"]


class WorkshopUpdateSerializer(WorkshopSerializer):
    class Meta(WorkshopSerializer.Meta):
        read_only_fields = ["status", "capacity"]


class RegistrationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(read_only=True)
    # Empty until a payment is recorded.
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = WorkshopRegistration
        fields = [
            "id", "workshop", "resident", "person_name", "channel", "status", "tariff",
            "uitpas_number", "uitpas_sale_reference", "price_due", "amount_paid",
            "payment_method", "paid_at", "offered_at", "offer_expires_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    """A registration request; the service decides between a place and the waitlist."""

    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.filter(anonymised_at__isnull=True),
        required=False,
        allow_null=True,
    )
    walk_in_name = serializers.CharField(
        required=False, allow_blank=True, max_length=160, validators=[validate_person_name]
    )
    walk_in_phone = PhoneNumberField(required=False, allow_blank=True)
    tariff = serializers.ChoiceField(choices=Tariff.choices, default=Tariff.STANDARD)
    social_tariff_checked = serializers.BooleanField(
        default=False,
        help_text="True when you, the caller, checked the UiTPAS card and it gives the social "
        "tariff. The social tariff is refused without it.",
    )
    uitpas_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    uitpas_sale_reference = serializers.CharField(required=False, allow_blank=True, max_length=80)
    at_desk = serializers.BooleanField(default=False)

    def service_fields(self, user) -> dict:
        data = dict(self.validated_data)
        data["social_tariff_by"] = user if data.pop("social_tariff_checked") else None
        data["walk_in_phone"] = str(data.get("walk_in_phone") or "")
        return data


class WorkshopStatusSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=WorkshopStatus.choices)


class CapacitySerializer(serializers.Serializer):
    capacity = serializers.IntegerField(min_value=1, max_value=500)
    confirm = serializers.BooleanField(
        default=False, help_text="Reduce below the places already held (those people are told)."
    )


class PaymentSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("10000")
    )
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    uitpas_sale_reference = serializers.CharField(required=False, allow_blank=True, max_length=40)


class WorkshopAttendanceSerializer(serializers.Serializer):
    attended = serializers.BooleanField()
