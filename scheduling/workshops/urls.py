from django.urls import path

from scheduling.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.public_list, name="public-list"),
    path("manage/", views.manage_list, name="manage-list"),
    path("manage/new/", views.workshop_create, name="create"),
    path("manage/money/", views.money, name="money"),
    path("manage/<int:pk>/", views.workshop_detail, name="detail"),
    path("manage/<int:pk>/edit/", views.workshop_edit, name="edit"),
    path("manage/<int:pk>/status/", views.workshop_status, name="status"),
    path("manage/<int:pk>/places/", views.workshop_capacity, name="capacity"),
    path("manage/<int:pk>/register/", views.register, name="register"),
    path("manage/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("manage/registrations/<int:pk>/", views.registration_detail, name="registration"),
    path(
        "manage/registrations/<int:pk>/payment/",
        views.registration_payment,
        name="registration-payment",
    ),
    path(
        "manage/registrations/<int:pk>/confirm/",
        views.registration_confirm,
        name="registration-confirm",
    ),
    path(
        "manage/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
]
