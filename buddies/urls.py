"""The people pages: each sub-domain lists its own, under one namespace."""

from buddies.messaging import urls as messaging
from buddies.people import urls as people

app_name = "buddies"
urlpatterns = [*people.urlpatterns, *messaging.urlpatterns]
