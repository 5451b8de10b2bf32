"""API shapes of incoming referrals and the intake."""

from django.conf import settings
from rest_framework import serializers

from buddies.models import Channel, Consent, Resident, Topic
from buddies.validators import validate_birth_year, validate_person_name
from referrals.intake.models import IncomingReferral, IncomingReferralEvent, WaitingIntake
from referrals.intake.selectors import chosen_resident
from referrals.outgoing.models import Urgency
from scheduling.models import Location

# --- incoming referrals -------------------------------------------------------------


class IncomingReferralSerializer(serializers.ModelSerializer):
    """Read shape; writes go through IntakeCreateSerializer and the intake services."""

    resident_name = serializers.CharField(source="resident.__str__", read_only=True)
    social_worker = serializers.IntegerField(source="referred_by_id", read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    # Empty until the referral closes: the schema must allow "" too.
    outcome = serializers.ChoiceField(
        choices=IncomingReferral.Outcome.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = IncomingReferral
        fields = [
            "id", "resident", "resident_name", "social_worker", "question", "topics", "urgency",
            "status", "outcome", "decline_reason", "consent", "created_at", "status_changed_at",
        ]  # fmt: skip
        read_only_fields = fields


class IncomingReferralEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = IncomingReferralEvent
        fields = ["id", "from_status", "to_status", "actor", "by", "note", "at"]
        read_only_fields = fields


class IntakeTimeSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6)
    start = serializers.TimeField()
    end = serializers.TimeField()


class IntakeCreateSerializer(serializers.Serializer):
    """A social worker's intake. Phone numbers are read by the people rules (400 on the
    field when unreadable). A possible duplicate answers 409 with `candidates`: send
    again with `same_as` (one of their ids) or `new_person: true`."""

    first_name = serializers.CharField(max_length=80, validators=[validate_person_name])
    last_name = serializers.CharField(max_length=80, validators=[validate_person_name])
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, validators=[validate_birth_year]
    )
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="nl")
    preferred_channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    street = serializers.CharField(required=False, allow_blank=True, default="", max_length=160)
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=8)
    town = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    question = serializers.CharField(max_length=2000)
    topics = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Topic.objects.filter(active=True), required=False,
        default=list,
    )  # fmt: skip
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.THIS_WEEK)
    devices = serializers.MultipleChoiceField(
        choices=Resident.Device.choices, required=False, default=list
    )
    mobility_notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    preferred_locations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Location.objects.filter(active=True), required=False, default=list
    )
    times = IntakeTimeSerializer(many=True, required=False, default=list)
    consent_text = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="The words the resident agreed to; empty: the programme's text in the "
        "resident's language.",
    )
    consent_given_by = serializers.ChoiceField(choices=Consent.GivenBy.choices)
    add_me_as_contact = serializers.BooleanField(default=False)
    # A plain id: an unknown one and someone else's resident get the same answer.
    same_as = serializers.IntegerField(required=False, allow_null=True, default=None)
    new_person = serializers.BooleanField(default=False)

    RESIDENT = ("first_name", "last_name", "birth_year", "phone", "email", "language",
                "preferred_channel", "street", "postcode", "town")  # fmt: skip

    def service_arguments(self) -> dict:
        data = self.validated_data
        return {
            "resident_fields": {name: data.get(name) for name in self.RESIDENT},
            "question": data["question"],
            "topics": list(data["topics"]),
            "urgency": data["urgency"],
            "facts": {
                "devices": sorted(data["devices"]),
                "mobility_notes": data["mobility_notes"],
                "preferred_locations": list(data["preferred_locations"]),
            },
            "windows": [(w["weekday"], w["start"], w["end"]) for w in data["times"]],
            "consent_text": data["consent_text"],
            "consent_given_by": data["consent_given_by"],
            "add_me_as_contact": data["add_me_as_contact"],
            "same_as": chosen_resident(data["same_as"]),
            "new_person": data["new_person"],
        }


class IntakeTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=IncomingReferral.Status.choices)
    outcome = serializers.ChoiceField(
        choices=IncomingReferral.Outcome.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DuplicateCandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    birth_year = serializers.IntegerField(allow_null=True)
    town = serializers.CharField()


class WaitingIntakeSerializer(serializers.ModelSerializer):
    """An intake waiting for a coordinator. The social worker sees what they sent and
    whether it is linked; only a coordinator gets the `candidates`."""

    social_worker = serializers.IntegerField(source="referred_by_id", read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    waiting = serializers.BooleanField(source="is_waiting", read_only=True)
    referral = serializers.IntegerField(source="referral_id", read_only=True, allow_null=True)

    class Meta:
        model = WaitingIntake
        fields = [
            "id", "first_name", "social_worker", "question", "topics", "urgency", "waiting",
            "referral", "created_at", "linked_at",
        ]  # fmt: skip
        read_only_fields = fields


class WaitingIntakeForCoordinatorSerializer(WaitingIntakeSerializer):
    candidates = serializers.SerializerMethodField()

    class Meta(WaitingIntakeSerializer.Meta):
        fields = [*WaitingIntakeSerializer.Meta.fields, "candidates"]
        read_only_fields = fields

    def get_candidates(self, waiting) -> list[dict]:
        from referrals.intake.selectors import candidates_for

        found = candidates_for(waiting) if waiting.is_waiting else []
        return DuplicateCandidateSerializer(found, many=True).data


class WaitingLinkSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.all(), required=False, allow_null=True, default=None
    )
    new_person = serializers.BooleanField(default=False)
    add_referrer_as_contact = serializers.BooleanField(default=False)
