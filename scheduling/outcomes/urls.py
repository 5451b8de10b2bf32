"""Pages of outcomes, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.outcomes import views

urlpatterns = [
    path("sessions/<int:pk>/outcome/", views.session_outcome, name="session-outcome"),
    path(
        "residents/<int:pk>/progress/",
        views.resident_progress,
        name="resident-progress",
    ),
    path("support/", views.support_list, name="support-list"),
    path("support/<int:pk>/decide/", views.support_decide, name="support-decide"),
]
