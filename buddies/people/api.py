"""REST API for people: topics, residents (with consents and export), volunteers.

Querysets come from `buddies.people.selectors`, so a resident or volunteer someone may
not see answers 404 here exactly as on the pages. Writes call `buddies.people.services`.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from buddies import data_rights
from buddies.people import selectors, services
from buddies.people.filters import ResidentFilter, VolunteerFilter
from buddies.people.models import (
    Absence,
    AvailabilityWindow,
    Consent,
    Topic,
    Training,
    TrustedContact,
)
from buddies.people.selectors import ResidentView
from buddies.people.serializers import (
    AbsenceSerializer,
    AuditEventSerializer,
    AvailabilitySerializer,
    ConsentSerializer,
    ResidentBuddySerializer,
    ResidentFullSerializer,
    ResidentSerializer,
    TopicSerializer,
    TrainingRecordSerializer,
    TrustedContactSerializer,
    VolunteerSerializer,
)
from buddies.permissions import IsCoordinator, IsStaff, api_roles
from buddies.privacy import audit, reads
from buddies.privacy.reads import LogsReadsMixin
from buddies.roles import Role, has_role
from config.nested import ChildCollection

RESIDENT_SERIALIZERS = {
    ResidentView.FULL: ResidentFullSerializer,
    ResidentView.REFERRER: ResidentSerializer,
    ResidentView.BUDDY: ResidentBuddySerializer,
}


class TopicViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Help topics. Everyone who logs in reads them; coordinators change them."""

    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    filterset_fields = ["active"]

    def get_permissions(self):
        write = self.action not in ("list", "retrieve")
        return [IsCoordinator()] if write else [IsStaff()]

    def perform_create(self, serializer):
        serializer.instance = services.save_topic(
            by=self.request.user, fields=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.save_topic(
            by=self.request.user, topic=serializer.instance, fields=dict(serializer.validated_data)
        )


class ResidentForViewer(serializers.BaseSerializer):
    """Each resident shown with the fields its viewer may see."""

    def to_representation(self, instance):
        user = self.context["request"].user
        view = selectors.resident_view_for(user, instance)
        return RESIDENT_SERIALIZERS[view](instance, context=self.context).data


class ResidentForViewerSchema(OpenApiSerializerExtension):
    """In the OpenAPI schema: any one of the three shapes, whichever the viewer may see."""

    target_class = ResidentForViewer

    def map_serializer(self, auto_schema, direction):
        shapes = (ResidentFullSerializer, ResidentSerializer, ResidentBuddySerializer)
        refs = [auto_schema.resolve_serializer(shape, direction).ref for shape in shapes]
        return {"anyOf": refs, "description": RESIDENT_DOC}


RESIDENT_DOC = (
    "Coordinators get every field; the referring social worker the fields of a "
    "referral; a volunteer who helps the resident only id, first name, language, "
    "phone, needs and accessibility notes."
)


@extend_schema_view(
    list=extend_schema(responses=ResidentForViewer(many=True), description=RESIDENT_DOC),
    retrieve=extend_schema(responses=ResidentForViewer, description=RESIDENT_DOC),
    create=extend_schema(request=ResidentSerializer, responses=ResidentForViewer),
    update=extend_schema(request=ResidentSerializer, responses=ResidentForViewer),
    partial_update=extend_schema(request=ResidentSerializer, responses=ResidentForViewer),
)
class ResidentViewSet(
    LogsReadsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Residents this user may see; coordinators and referring social workers change them."""

    permission_classes = [IsStaff]
    filterset_class = ResidentFilter

    def get_queryset(self):
        visible = selectors.residents_visible_to(self.request.user)
        return selectors.with_resident_details(visible).order_by("last_name", "first_name", "pk")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ResidentSerializer
        return ResidentForViewer

    def _managed(self):
        resident = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not selectors.residents_managed_by(self.request.user).filter(pk=resident.pk).exists():
            raise PermissionDenied
        return resident

    def create(self, request, *args, **kwargs):
        if not has_role(request.user, Role.COORDINATOR, Role.SOCIAL_WORKER):
            raise PermissionDenied
        serializer = ResidentSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        resident = services.create_resident(by=request.user, fields=dict(serializer.validated_data))
        return Response(self._show(resident), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        resident = self._managed()
        serializer = ResidentSerializer(
            resident, data=request.data, partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )  # fmt: skip
        serializer.is_valid(raise_exception=True)
        resident = services.update_resident(
            resident=resident, by=request.user, fields=dict(serializer.validated_data)
        )
        return Response(self._show(resident))

    def _show(self, resident):
        fresh = self.get_queryset().filter(pk=resident.pk).first() or resident
        return ResidentForViewer(fresh, context=self.get_serializer_context()).data

    @extend_schema(request=ConsentSerializer, responses=ConsentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def consents(self, request, pk=None):
        """The resident's consents; POST records a new one (with the exact text shown)."""
        resident = self._managed()
        if request.method == "POST":
            serializer = ConsentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            consent = services.record_consent(
                resident=resident, by=request.user, **serializer.validated_data
            )
            return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)
        consents = selectors.consents_of(resident)
        reads.note(request, consents)
        return Response(ConsentSerializer(consents, many=True).data)

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(
        detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>\d+)/revoke",
        filterset_class=None,
    )  # fmt: skip
    def revoke_consent(self, request, pk=None, consent_id=None):
        resident = self._managed()
        consent = get_object_or_404(Consent, pk=consent_id, resident=resident)
        consent = services.revoke_consent(consent=consent, by=request.user)
        return Response(ConsentSerializer(consent).data)

    @extend_schema(
        request=None,
        responses=OpenApiResponse(description="Every section held about the resident (JSON)."),
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def export(self, request, pk=None):
        """Everything held about one resident (coordinators only)."""
        if not has_role(request.user, Role.COORDINATOR):
            raise PermissionDenied
        resident = get_object_or_404(self.get_queryset(), pk=pk)
        export = data_rights.export_resident(resident=resident, by=request.user, path=request.path)
        return Response(export)

    @extend_schema(request=None, responses=ResidentForViewer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def erase(self, request, pk=None):
        """Remove the resident's personal data everywhere; the counted row stays."""
        if not has_role(request.user, Role.COORDINATOR):
            raise PermissionDenied
        resident = get_object_or_404(self.get_queryset(), pk=pk)
        resident = data_rights.erase_resident(resident=resident, by=request.user, path=request.path)
        return Response(self._show(resident))

    @extend_schema(request=None, responses=AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="access-log", filterset_class=None)
    def access_log(self, request, pk=None):
        """Who viewed, exported, erased or shared this resident's data (coordinators only)."""
        if not has_role(request.user, Role.COORDINATOR):
            raise PermissionDenied
        resident = get_object_or_404(selectors.residents_managed_by(request.user), pk=pk)
        audit.record_access(
            action=audit.Action.AUDIT_VIEWED, resident_id=resident.pk, by=request.user,
            path=request.path,
        )  # fmt: skip
        page = self.paginate_queryset(audit.events_of(resident.pk))
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)


class VolunteerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Volunteers with their training and availability. A volunteer sees only their own."""

    serializer_class = VolunteerSerializer
    filterset_class = VolunteerFilter

    def get_permissions(self):
        if self.action in ("update", "partial_update"):
            return [IsCoordinator()]
        return [api_roles(Role.COORDINATOR, Role.VOLUNTEER)()]

    def get_queryset(self):
        visible = selectors.volunteers_visible_to(self.request.user)
        return selectors.with_volunteer_details(visible).order_by(
            "user__first_name", "user__last_name", "pk"
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_volunteer(
            volunteer=serializer.instance, by=self.request.user,
            fields=dict(serializer.validated_data),
        )  # fmt: skip


# --- what belongs to one volunteer or resident -------------------------------------


class _OfVolunteer(ChildCollection):
    """Items of a volunteer: the volunteer themself or a coordinator (404 for others)."""

    permission_classes = [api_roles(Role.COORDINATOR, Role.VOLUNTEER)]

    def get_parent(self):
        visible = selectors.volunteers_visible_to(self.request.user)
        return get_object_or_404(visible, pk=self.kwargs["volunteer_pk"])


class VolunteerAvailabilityViewSet(_OfVolunteer):
    """The volunteer's weekly free times (Brussels wall time); they may not overlap."""

    queryset = AvailabilityWindow.objects.none()
    serializer_class = AvailabilitySerializer

    def items_of(self, volunteer):
        return volunteer.availability.order_by("weekday", "start")

    def add(self, volunteer, data):
        return services.add_availability(volunteer=volunteer, by=self.request.user, **data)

    def remove(self, item):
        services.remove_availability(window=item, by=self.request.user)


class VolunteerAbsenceViewSet(_OfVolunteer):
    """Days the volunteer cannot help, both ends included."""

    queryset = Absence.objects.none()
    serializer_class = AbsenceSerializer

    def items_of(self, volunteer):
        return volunteer.absences.order_by("first_day")

    def add(self, volunteer, data):
        return services.add_absence(volunteer=volunteer, by=self.request.user, **data)

    def remove(self, item):
        services.remove_absence(absence=item, by=self.request.user)


class VolunteerTrainingViewSet(_OfVolunteer):
    """The volunteer's trainings per topic; the volunteer reads, a coordinator records."""

    queryset = Training.objects.none()
    serializer_class = TrainingRecordSerializer

    def check_write(self, parent):
        if not has_role(self.request.user, Role.COORDINATOR):
            raise PermissionDenied

    def items_of(self, volunteer):
        return volunteer.trainings.select_related("topic").order_by("topic__slug")

    def add(self, volunteer, data):
        return services.record_training(
            volunteer=volunteer, by=self.request.user, topic=data["topic"],
            completed_on=data["completed_on"], expires_on=data.get("expires_on"),
        )  # fmt: skip

    def remove(self, item):
        services.remove_training(training=item, by=self.request.user)


class TrustedContactViewSet(ChildCollection):
    """People the resident trusts to receive copies of appointments: the resident's
    coordinators and referring social worker manage them."""

    permission_classes = [api_roles(Role.COORDINATOR, Role.SOCIAL_WORKER)]
    queryset = TrustedContact.objects.none()
    serializer_class = TrustedContactSerializer

    def get_parent(self):
        managed = selectors.residents_managed_by(self.request.user)
        return get_object_or_404(managed, pk=self.kwargs["resident_pk"])

    def items_of(self, resident):
        return resident.trusted_contacts.order_by("name", "pk")

    def add(self, resident, data):
        return services.add_trusted_contact(resident=resident, by=self.request.user, fields=data)

    def remove(self, item):
        services.remove_trusted_contact(contact=item, by=self.request.user)
