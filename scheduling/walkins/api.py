"""/api/v1/walk-ins/: walk-in visits at computer corners, listed by place and day, and
logged. Volunteers and coordinators only; RuleError / ConflictError become 400 / 409
(config.api)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from buddies.permissions import api_roles
from buddies.privacy import reads
from buddies.roles import Role, has_role
from config.api import CONFLICT, REFUSED
from scheduling.walkins import services
from scheduling.walkins.filters import WalkInFilter
from scheduling.walkins.models import WalkInVisit
from scheduling.walkins.serializers import WalkInInputSerializer, WalkInSerializer


class WalkInViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Visits, newest first. Filter by `place` and `date` (a Brussels day). A visitor's
    first name and phone show to coordinators and to whoever logged the visit."""

    permission_classes = [api_roles(Role.COORDINATOR, Role.VOLUNTEER)]
    serializer_class = WalkInSerializer
    filterset_class = WalkInFilter

    def get_queryset(self):
        return WalkInVisit.objects.order_by("-at", "-pk")

    def _shows_personal(self, visit: WalkInVisit) -> bool:
        user = self.request.user
        return has_role(user, Role.COORDINATOR) or visit.recorded_by_id == user.pk

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "shows_personal": self._shows_personal}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        shown = [v for v in page or [] if v.has_personal_data and self._shows_personal(v)]
        # A name or number left by a visitor is personal data before they are a resident.
        reads.note(self.request, shown, always=True)
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        reads.write(request, response)
        return response

    @extend_schema(
        request=WalkInInputSerializer,
        responses={201: WalkInSerializer, 400: REFUSED, 409: CONFLICT},
    )
    def create(self, request):
        """Log a visit; anonymous unless `consent` is true with a first name or phone."""
        serializer = WalkInInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        visit = services.log_visit(by=request.user, location=data.pop("place"), **data)
        body = WalkInSerializer(visit, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)
