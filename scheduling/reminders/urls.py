"""Pages of reminders, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.reminders import views

urlpatterns = [
    path("card/<int:pk>/", views.appointment_card, name="appointment-card"),
    path(
        "card/<int:pk>/letter/",
        views.appointment_card_letter,
        name="appointment-card-letter",
    ),
]
