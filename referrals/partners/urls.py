"""Pages of partners, part of the referrals namespace (see referrals/urls.py)."""

from django.urls import path

from referrals.partners import views

urlpatterns = [
    path("partners/", views.partner_directory, name="directory"),
]
