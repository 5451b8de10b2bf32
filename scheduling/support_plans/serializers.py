"""Permanent-support plans as the API reads and writes them."""

from django.utils import timezone
from rest_framework import serializers

from buddies.models import Resident, Topic, TrustedContact, Volunteer
from scheduling.support_plans.models import PlanReview, PlanRoute, Route, SupportPlan
from scheduling.support_plans.services import RouteChoice


class RouteSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PlanRoute
        fields = ["topic", "route", "volunteer", "trusted_contact", "details"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanReview
        fields = ["id", "reviewed_on", "by", "outcome", "note", "next_review_on"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    routes = RouteSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    review_due = serializers.SerializerMethodField()

    class Meta:
        model = SupportPlan
        fields = [
            "id", "resident", "reasons", "note", "made_by", "followed_by", "made_at",
            "changed_at", "review_on", "review_due", "reminded_at", "ended_on", "routes",
            "reviews",
        ]  # fmt: skip
        read_only_fields = fields

    def get_review_due(self, plan) -> bool:
        return plan.review_due(timezone.localdate())


class RouteInputSerializer(serializers.Serializer):
    topic = serializers.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all())
    route = serializers.ChoiceField(choices=Route.choices)
    volunteer = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.all(), required=False, allow_null=True
    )
    trusted_contact = serializers.PrimaryKeyRelatedField(
        queryset=TrustedContact.objects.all(), required=False, allow_null=True
    )
    details = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    def choice(self, data) -> RouteChoice:
        return RouteChoice(
            topic=data["topic"], route=data["route"], volunteer=data.get("volunteer"),
            trusted_contact=data.get("trusted_contact"), details=data.get("details", ""),
        )  # fmt: skip


class PlanInputSerializer(serializers.Serializer):
    routes = RouteInputSerializer(many=True, min_length=1, max_length=30)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    review_on = serializers.DateField(required=False, allow_null=True)

    def choices(self) -> list[RouteChoice]:
        rows = RouteInputSerializer()
        return [rows.choice(item) for item in self.validated_data["routes"]]


class PlanCreateSerializer(PlanInputSerializer):
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.filter(anonymised_at__isnull=True)
    )


class ReviewInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=PlanReview.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True)
