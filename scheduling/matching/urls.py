"""Coordinator pages for matching."""

from django.urls import path

from scheduling.matching.views import (
    accept,
    book_first_session,
    proposal_list,
    reject,
    start_run,
    unmatched_list,
)

app_name = "matching"
urlpatterns = [
    path("", proposal_list, name="proposals"),
    path("runs/", start_run, name="start-run"),
    path("unmatched/", unmatched_list, name="unmatched"),
    path("proposals/<int:pk>/accept/", accept, name="accept"),
    path("proposals/<int:pk>/reject/", reject, name="reject"),
    path("proposals/<int:pk>/book/", book_first_session, name="book-first-session"),
]
