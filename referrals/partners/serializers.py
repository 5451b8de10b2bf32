"""API shapes of the partner directory."""

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from referrals.partners.models import ContactPoint, Partner, PartnerService


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
