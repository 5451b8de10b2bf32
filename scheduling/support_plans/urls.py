"""Pages of permanent-support plans, part of the scheduling namespace (see scheduling/urls.py)."""

from django.urls import path

from scheduling.support_plans import views

urlpatterns = [
    path("support/plans/", views.plan_list, name="support-plan-list"),
    path("residents/<int:pk>/support-plan/", views.plan_detail, name="support-plan"),
    path("residents/<int:pk>/support-plan/edit/", views.plan_edit, name="support-plan-edit"),
    path("residents/<int:pk>/support-plan/review/", views.plan_review, name="support-plan-review"),
]
