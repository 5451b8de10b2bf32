"""Pages of intake, part of the referrals namespace (see referrals/urls.py)."""

from django.urls import path

from referrals.intake import views

urlpatterns = [
    path("referrals/in/", views.intake_list, name="intake-list"),
    path("referrals/in/new/", views.intake_create, name="intake-create"),
    path("referrals/in/preferences/", views.intake_preferences, name="intake-preferences"),
    path("referrals/in/<int:pk>/", views.intake_detail, name="intake-detail"),
    path("referrals/in/<int:pk>/status/", views.intake_status, name="intake-status"),
    path("referrals/in/waiting/<int:pk>/", views.waiting_detail, name="waiting-detail"),
    path("referrals/in/waiting/<int:pk>/link/", views.waiting_link, name="waiting-link"),
]
