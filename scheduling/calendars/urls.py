"""Pages of calendars, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.calendars import views

urlpatterns = [
    path("sessions/<int:pk>/calendar.ics", views.session_download, name="session-ics"),
    path("calendar/", views.my_calendar, name="my-calendar"),
    path(
        "calendar/volunteers/<int:pk>/",
        views.volunteer_calendar,
        name="volunteer-calendar",
    ),
    path("calendar/residents/<int:pk>/", views.resident_calendar, name="resident-calendar"),
    path("calendar/places/<int:pk>/", views.location_calendar, name="location-calendar"),
]
