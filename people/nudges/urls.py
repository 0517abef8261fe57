"""Where the "send a reminder" buttons post (namespace "people")."""

from django.urls import path

from people.nudges import views

urlpatterns = [
    path("nudges/", views.nudge_send_page, name="nudge"),
]
