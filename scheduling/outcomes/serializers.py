"""Outcomes, progress and permanent-support decisions as the API reads and writes them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from buddies.models import Topic
from buddies.validators import validate_plausible_day
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


class RecheckSerializer(serializers.Serializer):
    """One time a topic reached "alone", and its re-check (the note only for those who
    may read notes)."""

    resident = serializers.IntegerField(source="resident_id")
    topic = serializers.CharField(source="topic.slug")
    reached_alone_at = serializers.DateTimeField(source="reached_at")
    due_on = serializers.DateField(source="due")
    state = serializers.ChoiceField(choices=["waiting", "due", "done", "ended"])
    result = serializers.SerializerMethodField()
    checked_on = serializers.SerializerMethodField()
    checked_by = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    def get_result(self, recheck) -> str:
        return recheck.result

    def get_checked_on(self, recheck) -> str | None:
        row = recheck.row
        return row.checked_on.isoformat() if row is not None and row.checked_on else None

    def get_checked_by(self, recheck) -> int | None:
        return recheck.row.checked_by_id if recheck.row is not None else None

    def get_note(self, recheck) -> str:
        if recheck.row is None or not self.context.get("can_read_notes", False):
            return ""
        return recheck.row.note


class BaselineSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="baseline_at")
    ability = serializers.ChoiceField(choices=Ability.choices, source="baseline")
    digcomp_level = serializers.IntegerField(source="baseline_level")


class TrailSerializer(serializers.Serializer):
    """A topic's trail of answers, its baseline, DigComp 2.2 level and mapping, and its
    re-checks (`context["autonomy"]` maps topic ids to `autonomy.TopicAutonomy`)."""

    topic = serializers.CharField(source="topic.slug")
    measures = MeasureSerializer(many=True)
    baseline = serializers.SerializerMethodField()
    digcomp_level = serializers.SerializerMethodField()
    digcomp = serializers.SerializerMethodField()
    digcomp_areas = serializers.SerializerMethodField()
    essential_digital_skills = serializers.SerializerMethodField()
    rechecks = serializers.SerializerMethodField()

    def _of(self, trail):
        return self.context["autonomy"][trail.topic.pk]

    @extend_schema_field(BaselineSerializer)
    def get_baseline(self, trail) -> dict:
        return BaselineSerializer(self._of(trail)).data

    def get_digcomp_level(self, trail) -> int:
        """The DigComp 2.2 proficiency level of the latest answer (0: no level yet)."""
        return self._of(trail).latest_level

    def get_digcomp(self, trail) -> list[str]:
        return list(self._of(trail).mapping.digcomp)

    def get_digcomp_areas(self, trail) -> list[str]:
        return list(self._of(trail).mapping.areas)

    def get_essential_digital_skills(self, trail) -> list[str]:
        return list(self._of(trail).mapping.eds)

    @extend_schema_field(RecheckSerializer(many=True))
    def get_rechecks(self, trail) -> list:
        return RecheckSerializer(self._of(trail).rechecks, many=True, context=self.context).data


class RecheckInputSerializer(serializers.Serializer):
    resident = serializers.IntegerField(min_value=1)
    topic = serializers.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all())
    result = serializers.ChoiceField(choices=Ability.choices)
    checked_on = serializers.DateField(required=False, validators=[validate_plausible_day])
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


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
