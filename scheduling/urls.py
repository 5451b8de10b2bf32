from django.urls import path

from scheduling import calendar_views, outcome_views, reach_views, views

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
    path("sessions/<int:pk>/calendar.ics", calendar_views.session_download, name="session-ics"),
    path("calendar/", calendar_views.my_calendar, name="my-calendar"),
    path(
        "calendar/volunteers/<int:pk>/",
        calendar_views.volunteer_calendar,
        name="volunteer-calendar",
    ),
    path(
        "calendar/residents/<int:pk>/", calendar_views.resident_calendar, name="resident-calendar"
    ),
    path("calendar/places/<int:pk>/", calendar_views.location_calendar, name="location-calendar"),
    path("card/<int:pk>/", reach_views.appointment_card, name="appointment-card"),
    path(
        "card/<int:pk>/letter/",
        reach_views.appointment_card_letter,
        name="appointment-card-letter",
    ),
]
