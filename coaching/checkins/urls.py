"""Pages: check-ins (namespace coaching, included from coaching/urls.py)."""

from django.urls import path

from coaching.checkins import views

urlpatterns = [
    path("check-ins/", views.check_in_list, name="check-in-list"),
    path("check-ins/<int:check_in_id>/", views.check_in_detail, name="check-in-detail"),
]
