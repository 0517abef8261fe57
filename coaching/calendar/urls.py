"""Pages: the coach's calendar and its subscription feed (namespace coaching)."""

from django.urls import path

from coaching.calendar import views

urlpatterns = [
    path("coaching/calendar/", views.calendar_page, name="calendar"),
    path("coaching/calendar/link/", views.calendar_link, name="calendar-link"),
    path("coaching/calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
