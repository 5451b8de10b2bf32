"""Pages of walk-in visits, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.walkins import views

urlpatterns = [
    path("walk-ins/", views.walk_in_list, name="walk-in-list"),
    path("walk-ins/new/", views.log_walk_in, name="walk-in-log"),
    path("walk-ins/<int:pk>/seat-free/", views.give_seat_back, name="walk-in-seat-free"),
    path("walk-ins/<int:pk>/register/", views.register_walk_in, name="walk-in-register"),
]
