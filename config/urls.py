from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import views
from config.routers import api_router
from scheduling.api import SlotsView

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("scheduling.urls")),
    path("workshops/", include("scheduling.workshops.urls")),
    path("", include("referrals.urls")),
    path("people/", include("buddies.urls")),
    path("matching/", include("scheduling.matching_views")),
    path("admin/", admin.site.urls),
    path("api/v1/slots/", SlotsView.as_view(), name="api-slots"),
    path("api/v1/", include(api_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
