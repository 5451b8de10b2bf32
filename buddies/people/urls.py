"""Pages of people, part of the buddies namespace (see buddies/urls.py)."""

from django.urls import path

from buddies.people import views

urlpatterns = [
    path("search/", views.people_search, name="people-search"),
    path("residents/", views.resident_list, name="resident-list"),
    path("residents/new/", views.resident_create, name="resident-create"),
    path("residents/<int:pk>/", views.resident_detail, name="resident-detail"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident-edit"),
    path("residents/<int:pk>/export/", views.resident_export, name="resident-export"),
    path("residents/<int:pk>/erase/", views.resident_erase, name="resident-erase"),
    path("residents/<int:pk>/access-log/", views.resident_audit, name="resident-audit"),
    path("residents/<int:pk>/consents/", views.consent_add, name="consent-add"),
    path(
        "residents/<int:pk>/consents/<int:consent_pk>/revoke/",
        views.consent_revoke,
        name="consent-revoke",
    ),
    path("residents/<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path(
        "residents/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.contact_remove,
        name="contact-remove",
    ),
    path("residents/<int:pk>/times/", views.time_add, name="time-add"),
    path("residents/<int:pk>/times/<int:window_pk>/remove/", views.time_remove, name="time-remove"),
    path("volunteers/", views.volunteer_list, name="volunteer-list"),
    path("volunteers/new/", views.volunteer_create, name="volunteer-create"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer-detail"),
    path("volunteers/<int:pk>/edit/", views.volunteer_edit, name="volunteer-edit"),
    path("volunteers/<int:pk>/trainings/", views.training_add, name="training-add"),
    path(
        "volunteers/<int:pk>/trainings/<int:training_pk>/remove/",
        views.training_remove,
        name="training-remove",
    ),
    path("volunteers/<int:pk>/availability/", views.availability_add, name="availability-add"),
    path(
        "volunteers/<int:pk>/availability/<int:window_pk>/remove/",
        views.availability_remove,
        name="availability-remove",
    ),
    path("volunteers/<int:pk>/absences/", views.absence_add, name="absence-add"),
    path(
        "volunteers/<int:pk>/absences/<int:absence_pk>/remove/",
        views.absence_remove,
        name="absence-remove",
    ),
    path("me/", views.my_profile, name="my-profile"),
    path("me/edit/", views.my_profile_edit, name="my-profile-edit"),
    path("me/availability/", views.availability_add, name="my-availability-add"),
    path(
        "me/availability/<int:window_pk>/remove/",
        views.availability_remove,
        name="my-availability-remove",
    ),
    path("me/absences/", views.absence_add, name="my-absence-add"),
    path("me/absences/<int:absence_pk>/remove/", views.absence_remove, name="my-absence-remove"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<int:pk>/", views.topic_edit, name="topic-edit"),
]
