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
    path("rechecks/", views.recheck_list, name="recheck-list"),
    path(
        "residents/<int:pk>/rechecks/<int:topic>/",
        views.recheck_record,
        name="recheck-record",
    ),
    path("topics/frameworks/", views.topic_frameworks, name="topic-frameworks"),
]
