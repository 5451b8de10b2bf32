"""Pages of the waiting list, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.waitlist import views

urlpatterns = [
    path("waitlist/", views.waitlist, name="waitlist"),
    path("waitlist/offers/<int:pk>/answer/", views.answer_offer, name="offer-answer"),
]
