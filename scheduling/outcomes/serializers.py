"""Outcomes, progress and permanent-support decisions as the API reads and writes them."""

from rest_framework import serializers

from buddies.models import Topic
from scheduling.outcomes.models import Ability, FollowUp, SessionOutcome, SupportDecision


class AbilitySerializer(serializers.Serializer):
    topic = serializers.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all())
    ability = serializers.ChoiceField(choices=Ability.choices)


class OutcomeSerializer(serializers.ModelSerializer):
    """What a done session achieved; `notes_for_next_buddy` only for those who may read it."""

    abilities = serializers.SerializerMethodField()

    class Meta:
        model = SessionOutcome
        fields = [
            "session", "resident", "measured_at", "abilities", "confidence",
            "notes_for_next_buddy", "follow_up", "recorded_by", "recorded_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_abilities(self, outcome) -> list[dict]:
        rows = outcome.topics.select_related("topic").order_by("topic__slug")
        return [{"topic": row.topic.slug, "ability": row.ability} for row in rows]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("can_read_notes", False):
            data.pop("notes_for_next_buddy")
        return data


class OutcomeInputSerializer(serializers.Serializer):
    abilities = AbilitySerializer(many=True, min_length=1, max_length=30)
    confidence = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    follow_up = serializers.ChoiceField(choices=FollowUp.choices, required=False, default="")


class MeasureSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    ability = serializers.ChoiceField(choices=Ability.choices)


class TrailSerializer(serializers.Serializer):
    topic = serializers.CharField(source="topic.slug")
    measures = MeasureSerializer(many=True)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    topic_id = serializers.IntegerField(allow_null=True)
    sessions = serializers.IntegerField()
    ability = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)


class SupportDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportDecision
        fields = ["id", "resident", "decision", "reasons", "why", "by", "at"]
        read_only_fields = fields


class SupportCaseSerializer(serializers.Serializer):
    resident = serializers.IntegerField(source="resident.pk")
    state = serializers.ChoiceField(choices=["flagged", "confirmed", "dismissed"])
    reasons = ReasonSerializer(many=True)
    reason_texts = serializers.ListField(child=serializers.CharField())
    decision = SupportDecisionSerializer(allow_null=True)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["confirm", "dismiss"])
    why = serializers.CharField(max_length=300)
