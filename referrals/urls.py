"""The referrals pages: each sub-domain lists its own, under one namespace."""

from referrals.intake import urls as intake
from referrals.outgoing import urls as outgoing
from referrals.partners import urls as partners

app_name = "referrals"
urlpatterns = [*partners.urlpatterns, *outgoing.urlpatterns, *intake.urlpatterns]
