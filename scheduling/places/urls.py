"""Pages of places, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.places import views

urlpatterns = [
    path("", views.location_list, name="location-list"),
    path("closures/<int:pk>/delete/", views.closure_delete, name="closure-delete"),
]
