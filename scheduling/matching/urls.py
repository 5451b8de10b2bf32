"""Coordinator pages for matching."""

from django.urls import path

from scheduling.matching.views import (
    accept,
    book_first_session,
    pair_by_hand,
    proposal_list,
    reject,
    start_run,
    unmatched_list,
    volunteer_resume,
    volunteer_step_back,
)

app_name = "matching"
urlpatterns = [
    path("", proposal_list, name="proposals"),
    path("runs/", start_run, name="start-run"),
    path("unmatched/", unmatched_list, name="unmatched"),
    path("residents/<int:pk>/pair/", pair_by_hand, name="pair-by-hand"),
    path("proposals/<int:pk>/accept/", accept, name="accept"),
    path("proposals/<int:pk>/reject/", reject, name="reject"),
    path("proposals/<int:pk>/book/", book_first_session, name="book-first-session"),
    path("volunteers/<int:pk>/pause-or-stop/", volunteer_step_back, name="volunteer-step-back"),
    path("volunteers/<int:pk>/resume/", volunteer_resume, name="volunteer-resume"),
]
