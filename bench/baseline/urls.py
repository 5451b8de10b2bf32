from django.urls import path

from bench.baseline import views

urlpatterns = [
    path("api/v1/sessions/", views.SessionList.as_view()),
    path("api/v1/sessions-values/", views.session_values),
    path("api/v1/sessions/<int:pk>/claim/", views.claim),
    path("cal/<str:token>.ics", views.static_feed),
    path("login/", views.up),
]
