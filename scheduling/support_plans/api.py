"""/api/v1/support-plans/: permanent-support plans. Coordinators read, make, change and
review them; the social worker who referred a resident reads that resident's plan.
Volunteers see their part of a plan on its page only."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator, api_roles
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role, has_role
from config.api import CONFLICT, REFUSED
from scheduling.support_plans import selectors, services
from scheduling.support_plans.models import SupportPlan
from scheduling.support_plans.serializers import (
    PlanCreateSerializer,
    PlanInputSerializer,
    PlanSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
)

READERS = api_roles(Role.COORDINATOR, Role.SOCIAL_WORKER)


class SupportPlanViewSet(
    LogsReadsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PlanSerializer
    queryset = SupportPlan.objects.none()

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [READERS()]
        return [IsCoordinator()]

    def get_queryset(self):
        if has_role(self.request.user, Role.COORDINATOR):
            return selectors.plan_list()
        return selectors.plans_referred_by(self.request.user)

    def _show(self, plan: SupportPlan, code=status.HTTP_200_OK) -> Response:
        fresh = selectors.with_details(SupportPlan.objects.filter(pk=plan.pk)).get()
        return Response(PlanSerializer(fresh).data, status=code)

    @extend_schema(
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, 400: REFUSED, 409: CONFLICT},
        description="Make the plan of a resident confirmed as needing permanent support.",
    )
    def create(self, request):
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = self._save(serializer.validated_data["resident"], serializer, new=True)
        return self._show(plan, status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanInputSerializer,
        responses={200: PlanSerializer, 400: REFUSED},
        description="Change the plan: its routes are replaced by these.",
    )
    def update(self, request, pk=None):
        plan = self.get_object()
        serializer = PlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._show(self._save(plan.resident, serializer))

    def _save(self, resident, serializer, *, new: bool = False) -> SupportPlan:
        data = serializer.validated_data
        return services.save_plan(
            resident=resident, routes=serializer.choices(), note=data.get("note", ""),
            review_on=data.get("review_on"), by=self.request.user, new=new,
        )  # fmt: skip

    @extend_schema(
        request=ReviewInputSerializer,
        responses={201: ReviewSerializer, 400: REFUSED, 409: CONFLICT},
        description="Record a review (keep, change or end) and set the next review date.",
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        plan = self.get_object()
        serializer = ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = services.review_plan(
            plan=plan, outcome=data["outcome"], note=data.get("note", ""),
            next_review_on=data.get("next_review_on"), by=request.user,
        )  # fmt: skip
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
