from rest_framework import serializers

from buddies.models import Resident
from buddies.people.selectors import resident_name_for
from referrals.outgoing.models import (
    OutgoingReferral,
    ReferralEvent,
    ReferralStatus,
    SharedDetail,
    Urgency,
)
from referrals.outgoing.transitions import HANDOVERS
from referrals.partners.models import PartnerService


class OutgoingReferralSerializer(serializers.ModelSerializer):
    """Read shape; writes go through OutgoingReferralCreateSerializer and the services."""

    resident_name = serializers.SerializerMethodField()
    partner = serializers.IntegerField(source="service.partner_id", read_only=True)
    partner_name = serializers.CharField(source="service.partner.name", read_only=True)
    shared_details = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = OutgoingReferral
        fields = [
            "id", "resident", "resident_name", "service", "partner", "partner_name", "purpose",
            "shared_details", "consent", "urgency", "status", "partner_note", "created_by",
            "created_at", "status_changed_at", "sent_at", "last_chased_at", "link_revoked_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_resident_name(self, referral) -> str:
        """A volunteer no longer helping the resident sees the first name only."""
        request = self.context.get("request")
        if request is None:
            return referral.resident.first_name
        return resident_name_for(request.user, referral.resident)


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
    consent_now = serializers.BooleanField(
        default=False,
        help_text="The resident agrees now to share the details with this partner: the "
        "consent is recorded in their language, for three months.",
    )

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


class HandoverSerializer(serializers.Serializer):
    how = serializers.ChoiceField(choices=list(HANDOVERS.items()))
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
