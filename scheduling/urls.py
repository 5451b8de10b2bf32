from django.urls import path

from scheduling import outcome_views, views

app_name = "scheduling"
urlpatterns = [
    path("", views.location_list, name="location-list"),
    path("closures/", views.closure_list, name="closure-list"),
    path("closures/<int:pk>/delete/", views.closure_delete, name="closure-delete"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/book/", views.book, name="book"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/confirm/", views.session_confirm, name="session-confirm"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/claim/", views.session_claim, name="session-claim"),
    path("sessions/<int:pk>/outcome/", outcome_views.session_outcome, name="session-outcome"),
    path(
        "residents/<int:pk>/progress/",
        outcome_views.resident_progress,
        name="resident-progress",
    ),
    path("support/", outcome_views.support_list, name="support-list"),
    path("support/<int:pk>/decide/", outcome_views.support_decide, name="support-decide"),
    path("open/", views.open_sessions, name="open-sessions"),
    path("mine/", views.my_sessions, name="my-sessions"),
    path("series/", views.series_list, name="series-list"),
    path("series/<int:pk>/", views.series_detail, name="series-detail"),
    path("waitlist/", views.waitlist, name="waitlist"),
]
