"""The /api/v1/ router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from scheduling.api import LocationViewSet
from scheduling.matching_api import MatchProposalViewSet, MatchRunViewSet, UnmatchedViewSet

api_router = DefaultRouter()
api_router.register("locations", LocationViewSet, basename="location")
api_router.register("matching/runs", MatchRunViewSet, basename="match-run")
api_router.register("matching/proposals", MatchProposalViewSet, basename="match-proposal")
api_router.register("matching/unmatched", UnmatchedViewSet, basename="match-unmatched")
