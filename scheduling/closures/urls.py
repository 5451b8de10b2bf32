"""Pages of closures and what is booked on them, part of the scheduling namespace."""

from django.urls import path

from scheduling.closures import views

urlpatterns = [
    path("closures/", views.closure_list, name="closure-list"),
    path(
        "closures/<int:pk>/cancel-sessions/",
        views.closure_cancel_sessions,
        name="closure-cancel-sessions",
    ),
]
