"""Pages of sessions, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.sessions import views

urlpatterns = [
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/book/", views.book, name="book"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/move/", views.session_move, name="session-move"),
    path("sessions/<int:pk>/confirm/", views.session_confirm, name="session-confirm"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/claim/", views.session_claim, name="session-claim"),
    path("sessions/<int:pk>/hand-back/", views.session_hand_back, name="session-hand-back"),
    path("open/", views.open_sessions, name="open-sessions"),
    path("mine/", views.my_sessions, name="my-sessions"),
    path("series/", views.series_list, name="series-list"),
    path("series/<int:pk>/", views.series_detail, name="series-detail"),
    path("series/<int:pk>/change/", views.series_change, name="series-change"),
]
