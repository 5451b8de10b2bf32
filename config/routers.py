"""The /api/v1/ router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from referrals.api import OutgoingReferralViewSet, PartnerViewSet
from scheduling.api import LocationViewSet
from scheduling.workshops.api import WorkshopViewSet

api_router = DefaultRouter()
api_router.register("locations", LocationViewSet, basename="location")
api_router.register("partners", PartnerViewSet, basename="partner")
api_router.register("outgoing-referrals", OutgoingReferralViewSet, basename="outgoing-referral")
api_router.register("workshops", WorkshopViewSet, basename="workshop")
