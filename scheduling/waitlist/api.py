"""/api/v1/slot-offers/: freed times offered to waiting residents, and their answers.

Views only translate HTTP to service calls; RuleError / ConflictError become 400 / 409
(config.api)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from buddies.permissions import IsCoordinator
from config.api import CONFLICT, REFUSED
from scheduling.waitlist import services
from scheduling.waitlist.models import SlotOffer
from scheduling.waitlist.serializers import AnswerSerializer, SlotOfferSerializer


class SlotOfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Offers of freed times; coordinators only. Filter by `status` (offered: to answer)."""

    serializer_class = SlotOfferSerializer
    permission_classes = [IsCoordinator]
    filterset_fields = ["status", "resident"]

    def get_queryset(self):
        return SlotOffer.objects.select_related("resident", "slot").order_by("-offered_at", "-pk")

    @extend_schema(
        request=AnswerSerializer, responses={200: SlotOfferSerializer, 400: REFUSED, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The resident's answer from the phone: yes books the session, no offers the
        time to the next resident; 409 when the offer ran out or was answered already."""
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = services.answer_offer(
            offer=self.get_object(), by=request.user, **serializer.validated_data
        )
        return Response(SlotOfferSerializer(self.get_queryset().get(pk=offer.pk)).data)
