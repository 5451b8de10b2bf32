"""/api/v1/workshops/: workshops, their registrations and their waitlist."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator, api_roles
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role
from scheduling.workshops import selectors, services
from scheduling.workshops.models import WorkshopRegistration
from scheduling.workshops.serializers import (
    CapacitySerializer,
    PaymentSerializer,
    RegisterSerializer,
    RegistrationSerializer,
    WorkshopAttendanceSerializer,
    WorkshopSerializer,
    WorkshopStatusSerializer,
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
        writes = {"create", "update", "partial_update", "change_status", "capacity"}
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

    @extend_schema(request=WorkshopStatusSerializer, responses={200: WorkshopSerializer, **REFUSED})
    @action(detail=True, methods=["post"], url_path="status", permission_classes=[IsCoordinator])
    def change_status(self, request, pk=None):
        """Open, cancel or close the workshop; cancelling cancels every registration."""
        serializer = WorkshopStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workshop = services.change_workshop_status(
            workshop=self.get_object(), to=serializer.validated_data["to"], by=request.user
        )
        return Response(WorkshopSerializer(self._fresh(workshop)).data)

    @extend_schema(request=CapacitySerializer, responses={200: WorkshopSerializer, **REFUSED})
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def capacity(self, request, pk=None):
        """Set the number of places; below the places held only with `confirm`."""
        serializer = CapacitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workshop = self.get_object()
        services.change_capacity(workshop=workshop, by=request.user, **serializer.validated_data)
        return Response(WorkshopSerializer(self._fresh(workshop)).data)

    def _fresh(self, workshop):
        return self.get_queryset().get(pk=workshop.pk)

    def _paged(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(description="Registrations you may see, newest workshops first."),
)
class RegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """One registration: its payment, attendance, offer and cancellation. Coordinators
    see all; a social worker the residents they referred (and may confirm or cancel)."""

    serializer_class = RegistrationSerializer
    permission_classes = [IsCoordinatorOrSocialWorker]
    filterset_fields = ["workshop", "status"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return WorkshopRegistration.objects.none()
        return selectors.registration_detail(self.request.user).order_by("-workshop__start", "pk")

    def _answer(self, registration):
        return Response(RegistrationSerializer(self.get_queryset().get(pk=registration.pk)).data)

    @extend_schema(request=PaymentSerializer, responses={200: RegistrationSerializer, **REFUSED})
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def payment(self, request, pk=None):
        """Add a payment; "free" waives what is still due."""
        serializer = PaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.record_payment(
            registration=self.get_object(), by=request.user, **serializer.validated_data
        )
        return self._answer(registration)

    @extend_schema(
        request=WorkshopAttendanceSerializer, responses={200: RegistrationSerializer, **REFUSED}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def attendance(self, request, pk=None):
        """Check the person in, or note they did not come (from the workshop's day on)."""
        serializer = WorkshopAttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.mark_attendance(
            registration=self.get_object(), by=request.user, **serializer.validated_data
        )
        return self._answer(registration)

    @extend_schema(request=None, responses={200: RegistrationSerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The person said yes to an offered place before its deadline."""
        return self._answer(services.confirm_offer(registration=self.get_object(), by=request.user))

    @extend_schema(request=None, responses={200: RegistrationSerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a place, an offer or a place in line; a freed place is offered on."""
        return self._answer(
            services.cancel_registration(registration=self.get_object(), by=request.user)
        )
