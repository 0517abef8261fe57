"""The person page (namespace "people")."""

from django.urls import path

from people.profile import views

urlpatterns = [
    path("people/<int:person_id>/profile/", views.person_page, name="person"),
]
