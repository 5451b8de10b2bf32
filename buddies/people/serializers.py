"""API shapes of people. What a viewer sees of a resident depends on who they are.

Writes go through `buddies.people.services`: serializers check the shape of the input
and hand the values over; the rules (phones, channels, overlaps) live there.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from buddies.people import places
from buddies.people.models import (
    Absence,
    AvailabilityWindow,
    Consent,
    Resident,
    ResidentTimeWindow,
    SpokenLanguage,
    Topic,
    Training,
    TrustedContact,
    Volunteer,
)
from buddies.privacy.models import AuditEvent

PHONE_SCHEMA = {
    "oneOf": [
        {"type": "string", "description": "As typed, e.g. 0470 12 34 56 (when writing)"},
        {
            "type": "object",
            "properties": {"e164": {"type": "string"}, "national": {"type": "string"}},
            "description": "E.164 and national format (when reading)",
        },
    ],
    "nullable": True,
}


@extend_schema_field(PHONE_SCHEMA)
class NationalPhoneField(serializers.Field):
    """Read: E.164 and the national format; write: any way a person types it."""

    def to_representation(self, value):
        if not value:
            return None
        return {"e164": str(value), "national": value.as_national}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(_("Give the phone number as text."))
        return data


class TopicSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "name_nl", "name_fr", "name_en", "active"]


class TimeWindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResidentTimeWindow
        fields = ["weekday", "start", "end"]


class TrustedContactSerializer(serializers.ModelSerializer):
    phone = NationalPhoneField(required=False)

    class Meta:
        model = TrustedContact
        fields = ["id", "name", "relation", "phone", "email", "channel", "language"]


_SLUGS = serializers.SlugRelatedField


class PlaceIdField(serializers.PrimaryKeyRelatedField):
    """A place by its id, any of those the places' app registered (see people.places)."""

    def get_queryset(self):
        return places.every()


def place_ids(label) -> serializers.ManyRelatedField:
    return PlaceIdField(many=True, required=False, label=capfirst(label))


class ResidentBuddySerializer(serializers.ModelSerializer):
    """What a volunteer who helps the resident may see, nothing more."""

    phone = NationalPhoneField(read_only=True)
    needs = _SLUGS(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id", "first_name", "language", "phone", "needs",
            "hearing_notes", "sight_notes", "mobility_notes", "memory_notes",
        ]  # fmt: skip
        read_only_fields = fields


RESIDENT_REFERRER_FIELDS = [
    "id", "first_name", "last_name", "birth_year", "phone", "second_phone", "email",
    "street", "postcode", "town", "language", "other_languages", "preferred_channel",
    "needs", "devices", "hearing_notes", "sight_notes", "mobility_notes", "memory_notes",
    "preferred_locations", "support_level", "support_reason", "status", "time_windows",
    "trusted_contacts",
]  # fmt: skip


class ResidentSerializer(serializers.ModelSerializer):
    """Read and write a resident (coordinators, and the referring social worker)."""

    phone = NationalPhoneField(required=False, allow_null=True)
    second_phone = NationalPhoneField(required=False, allow_null=True)
    needs = _SLUGS(slug_field="slug", many=True, required=False, queryset=Topic.objects.all())
    other_languages = _SLUGS(
        slug_field="code", many=True, required=False, queryset=SpokenLanguage.objects.all()
    )
    devices = serializers.ListField(
        child=serializers.ChoiceField(choices=Resident.Device.choices), required=False
    )
    preferred_locations = place_ids(_("preferred places"))
    time_windows = TimeWindowSerializer(many=True, read_only=True)
    trusted_contacts = TrustedContactSerializer(many=True, read_only=True)

    class Meta:
        model = Resident
        fields = RESIDENT_REFERRER_FIELDS


class ResidentFullSerializer(ResidentSerializer):
    """Everything, for coordinators."""

    referred_by = serializers.StringRelatedField()

    class Meta(ResidentSerializer.Meta):
        fields = [
            *RESIDENT_REFERRER_FIELDS, "waiting_since", "referred_by", "created_at",
            "closed_at", "anonymised_at",
        ]  # fmt: skip
        read_only_fields = ["waiting_since", "created_at", "closed_at", "anonymised_at"]


class ConsentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.StringRelatedField()
    revoked_by = serializers.StringRelatedField()
    current = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id", "scope", "recipient", "purpose", "text_shown", "given_by", "given_at",
            "valid_until", "revoked_at", "recorded_by", "revoked_by", "current",
        ]  # fmt: skip
        read_only_fields = ["given_at", "revoked_at", "recorded_by", "revoked_by", "current"]

    def get_current(self, consent: Consent) -> bool:
        return consent.is_current()


class TrainingSerializer(serializers.ModelSerializer):
    topic = _SLUGS(slug_field="slug", read_only=True)

    class Meta:
        model = Training
        fields = ["id", "topic", "completed_on", "expires_on"]


class TrainingRecordSerializer(TrainingSerializer):
    """Recording a training: the topic by its slug, among the active topics."""

    topic = _SLUGS(slug_field="slug", queryset=Topic.objects.filter(active=True))


class AvailabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = AvailabilityWindow
        fields = ["id", "weekday", "start", "end"]


class AbsenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Absence
        fields = ["id", "first_day", "last_day", "reason"]


class VolunteerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    phone = NationalPhoneField(required=False, allow_null=True)
    languages = _SLUGS(
        slug_field="code", many=True, required=False, queryset=SpokenLanguage.objects.all()
    )
    trainings = TrainingSerializer(many=True, read_only=True)
    availability = AvailabilitySerializer(many=True, read_only=True)
    absences = AbsenceSerializer(many=True, read_only=True)
    locations = place_ids(_("places I can go to"))

    class Meta:
        model = Volunteer
        fields = [
            "id", "name", "phone", "languages", "locations", "max_sessions_per_week",
            "max_residents", "agreement_signed_on", "insurance_informed_on",
            "record_extract_type", "record_extract_seen_on", "active", "status",
            "paused_until", "trainings", "availability", "absences",
        ]  # fmt: skip
        # Pausing and stopping end pairs and hand sessions back: the pause and stop
        # actions of the app that keeps sessions do that, never a plain edit.
        read_only_fields = ["active", "status", "paused_until"]


class AuditEventSerializer(serializers.ModelSerializer):
    """One access-log row: ids and a path, nothing else personal."""

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "actor_kind", "action", "resident_id", "resident_ids",
                  "object_type", "object_id", "path", "query"]  # fmt: skip
        read_only_fields = fields
