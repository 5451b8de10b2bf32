"""Pages of messaging, part of the buddies namespace (see buddies/urls.py)."""

from django.urls import path

from buddies.messaging import views

urlpatterns = [
    path("reach/calls/", views.call_list, name="call-list"),
    path("reach/calls/<int:pk>/", views.call_result, name="call-result"),
    path("reach/letters/", views.print_queue, name="print-queue"),
    path("reach/letters/printed/", views.mark_printed, name="mark-printed"),
    path("reach/log/", views.delivery_log, name="delivery-log"),
]
