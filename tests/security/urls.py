"""The real URLs plus one view that writes twice in a transaction, for fault tests."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as real_urlpatterns


def write_two_groups(request):
    with transaction.atomic():
        Group.objects.create(name="fault-first")
        Group.objects.create(name="fault-second")
    return HttpResponse("both written")


urlpatterns = [*real_urlpatterns, path("fault/write-two/", write_two_groups)]
