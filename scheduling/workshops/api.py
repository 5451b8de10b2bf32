"""/api/v1/workshops/: workshops, their registrations and their waitlist."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator, api_roles
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role
from scheduling.workshops import selectors, services
from scheduling.workshops.serializers import (
    RegisterSerializer,
    RegistrationSerializer,
    WorkshopSerializer,
    WorkshopUpdateSerializer,
)

IsCoordinatorOrSocialWorker = api_roles(Role.COORDINATOR, Role.SOCIAL_WORKER)
REFUSED = {
    400: OpenApiResponse(description="Invalid input or a business rule refused it."),
    409: OpenApiResponse(description="Lost a race or already registered."),
}


class WorkshopViewSet(
    LogsReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Workshops from two months back on. Coordinators plan and change them; social
    workers read them and register the residents they referred."""

    serializer_class = WorkshopSerializer
    filterset_fields = ["status", "location"]

    def get_queryset(self) -> QuerySet:
        return selectors.staff_workshops().order_by("start", "pk")

    def get_permissions(self):
        writes = {"create", "update", "partial_update"}
        allowed = IsCoordinator if self.action in writes else IsCoordinatorOrSocialWorker
        return [allowed()]

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return WorkshopUpdateSerializer
        if self.action == "registrations" and self.request.method == "POST":
            return RegisterSerializer
        if self.action in ("registrations", "waitlist"):
            return RegistrationSerializer
        return WorkshopSerializer

    @extend_schema(responses={201: WorkshopSerializer, **REFUSED})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_workshop(
            topics=data.pop("topics", []), **data, by=self.request.user
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.update_workshop(
            workshop=serializer.instance, topics=data.pop("topics", None), **data,
            by=self.request.user,
        )  # fmt: skip

    @extend_schema(
        methods=["GET"],
        responses={200: RegistrationSerializer(many=True)},
        description="Registrations you may see, in arrival order.",
    )
    @extend_schema(
        methods=["POST"],
        request=RegisterSerializer,
        responses={201: RegistrationSerializer, **REFUSED},
        description="Register someone: a place if one is free and nobody waits, else the "
        "waitlist (see `status`).",
    )
    @action(detail=True, methods=["get", "post"])
    def registrations(self, request, pk=None):
        workshop = self.get_object()
        if request.method == "POST":
            serializer = RegisterSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            registration = services.register(
                workshop=workshop, **serializer.service_fields(request.user), by=request.user
            )
            return Response(RegistrationSerializer(registration).data, status.HTTP_201_CREATED)
        queryset = selectors.visible_registrations(workshop, request.user)
        return self._paged(queryset)

    @extend_schema(responses={200: RegistrationSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def waitlist(self, request, pk=None):
        """People waiting or offered a place, in arrival order."""
        workshop = self.get_object()
        queryset = selectors.waitlist(workshop)
        visible = selectors.visible_registrations(workshop, request.user)
        return self._paged(queryset.filter(pk__in=visible.values("pk")))

    def _paged(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)
