"""The real URLs plus a page that breaks and one that refuses, for the error pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as real_urlpatterns


def breaks(request):
    raise RuntimeError("a bug")


def refuses(request):
    raise PermissionDenied


urlpatterns = [*real_urlpatterns, path("boom/", breaks), path("refused/", refuses)]
