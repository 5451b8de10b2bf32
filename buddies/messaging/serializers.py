"""The delivery log, call list and print queue as the API shows them to coordinators."""

from rest_framework import serializers

from buddies.messaging.models import CallResult, Message
from buddies.people.models import Channel


class DeliverySerializer(serializers.ModelSerializer):
    """One message in the delivery log: to whom, how, and what became of it (no text:
    the text stays on the coordinator's page, where it is read, not copied)."""

    class Meta:
        model = Message
        fields = [
            "id", "recipient_kind", "recipient_name", "resident", "location_id", "session_id",
            "workshop_id", "channel", "purpose", "language", "subject", "status", "attempts",
            "last_error", "next_attempt_at", "sent_at", "sent_to", "call_result", "fallback_of",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class CallSerializer(DeliverySerializer):
    """A call to make: the text to say and the numbers to dial."""

    phones = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "text", "phones"]
        read_only_fields = fields


class LetterSerializer(DeliverySerializer):
    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "text"]
        read_only_fields = fields


class CallResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=CallResult.choices)


class PrintedSerializer(serializers.Serializer):
    letters = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
    )


class PrintedAnswerSerializer(serializers.Serializer):
    printed = serializers.IntegerField(help_text="Letters marked as printed.")


class MessageFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Message.Status.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    day = serializers.DateField(required=False)
    place = serializers.IntegerField(required=False, min_value=1)
