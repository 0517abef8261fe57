from django.urls import path

from people.nudges import views as nudge_views
from people.profile import views as profile_views

app_name = "people"
urlpatterns = [
    path("people/<int:person_id>/profile/", profile_views.person_page, name="person"),
    path("nudges/", nudge_views.nudge_send_page, name="nudge"),
]
