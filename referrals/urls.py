from django.urls import path

from referrals import intake_views, views

app_name = "referrals"
urlpatterns = [
    path("partners/", views.partner_directory, name="directory"),
    path("referrals/out/", views.referral_list, name="referral-list"),
    path("referrals/out/new/", views.referral_create, name="referral-create"),
    path("referrals/out/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("referrals/out/<int:pk>/status/", views.referral_status, name="referral-status"),
    path("referrals/out/<int:pk>/send/", views.referral_send, name="referral-send"),
    path("referrals/out/<int:pk>/sms/", views.referral_sms, name="referral-sms"),
    path("referrals/out/<int:pk>/note/", views.referral_note, name="referral-note"),
    path("referrals/in/", intake_views.intake_list, name="intake-list"),
    path("referrals/in/new/", intake_views.intake_create, name="intake-create"),
    path("referrals/in/preferences/", intake_views.intake_preferences, name="intake-preferences"),
    path("referrals/in/<int:pk>/", intake_views.intake_detail, name="intake-detail"),
    path("referrals/in/<int:pk>/status/", intake_views.intake_status, name="intake-status"),
    path("answer/<int:pk>/<str:token>/", views.partner_answer, name="partner-answer"),
]
