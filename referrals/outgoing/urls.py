"""Pages of outgoing, part of the referrals namespace (see referrals/urls.py)."""

from django.urls import path

from referrals.outgoing import views

urlpatterns = [
    path("referrals/out/", views.referral_list, name="referral-list"),
    path("referrals/out/new/", views.referral_create, name="referral-create"),
    path("referrals/out/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("referrals/out/<int:pk>/status/", views.referral_status, name="referral-status"),
    path("referrals/out/<int:pk>/send/", views.referral_send, name="referral-send"),
    path("referrals/out/<int:pk>/sms/", views.referral_sms, name="referral-sms"),
    path("referrals/out/<int:pk>/passed-on/", views.referral_handover, name="referral-handover"),
    path("referrals/out/<int:pk>/note/", views.referral_note, name="referral-note"),
    path("referrals/out/<int:pk>/revoke/", views.referral_revoke, name="referral-revoke"),
    path("answer/<int:pk>/<str:token>/", views.partner_answer, name="partner-answer"),
]
