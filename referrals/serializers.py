from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from buddies.models import Resident
from referrals.models import (
    ContactPoint,
    OutgoingReferral,
    Partner,
    PartnerService,
    ReferralEvent,
    ReferralStatus,
    SharedDetail,
    Urgency,
)


class PartnerSerializer(serializers.ModelSerializer):
    description = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "description", "website", "referral_email", "active"]


class ContactPointSerializer(serializers.ModelSerializer):
    phone = PhoneNumberField(read_only=True)
    label = serializers.CharField(read_only=True)
    opening_hours = serializers.CharField(read_only=True)
    accessibility = serializers.CharField(read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ContactPoint
        fields = [
            "id", "label", "phone", "email", "website", "address", "opening_hours",
            "languages", "accessibility",
        ]  # fmt: skip


class PartnerServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    how_to_apply = serializers.CharField(read_only=True)
    what_to_bring = serializers.CharField(read_only=True)
    what_to_say = serializers.CharField(read_only=True)
    situations = serializers.ListField(child=serializers.CharField(), read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    contact_points = ContactPointSerializer(many=True, read_only=True)

    class Meta:
        model = PartnerService
        fields = [
            "id", "partner", "name", "situations", "topics", "how_to_apply", "what_to_bring",
            "what_to_say", "contact_points", "active",
        ]  # fmt: skip


class OutgoingReferralSerializer(serializers.ModelSerializer):
    """Read shape; writes go through OutgoingReferralCreateSerializer and the services."""

    resident_name = serializers.CharField(source="resident.__str__", read_only=True)
    partner = serializers.IntegerField(source="service.partner_id", read_only=True)
    partner_name = serializers.CharField(source="service.partner.name", read_only=True)
    shared_details = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = OutgoingReferral
        fields = [
            "id", "resident", "resident_name", "service", "partner", "partner_name", "purpose",
            "shared_details", "consent", "urgency", "status", "partner_note", "created_by",
            "created_at", "status_changed_at", "sent_at", "last_chased_at",
        ]  # fmt: skip
        read_only_fields = fields


class OutgoingReferralCreateSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
    service = serializers.PrimaryKeyRelatedField(
        queryset=PartnerService.objects.select_related("partner")
    )
    purpose = serializers.CharField(max_length=2000)
    shared_details = serializers.MultipleChoiceField(
        choices=SharedDetail.choices, required=False, default=list
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.THIS_WEEK)

    def validate_shared_details(self, value) -> list[str]:
        return sorted(value)


class ReferralEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = ReferralEvent
        fields = ["id", "kind", "from_status", "to_status", "actor", "by", "note", "at"]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ReferralStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
