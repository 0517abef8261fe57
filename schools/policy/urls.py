"""The district settings page (namespace "schools")."""

from django.urls import path

from schools.policy import views

urlpatterns = [
    path("settings/", views.policy_edit, name="policy"),
]
