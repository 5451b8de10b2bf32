"""The /api/v1/ router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from scheduling.api import LocationViewSet, SeriesViewSet, SessionViewSet

api_router = DefaultRouter()
api_router.register("locations", LocationViewSet, basename="location")
api_router.register("sessions", SessionViewSet, basename="session")
api_router.register("series", SeriesViewSet, basename="series")
