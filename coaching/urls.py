"""Pages of the coaching app (namespace coaching): each area's routes, included one way."""

from django.urls import include, path

app_name = "coaching"
urlpatterns = [
    path("", include("coaching.cycles.urls")),
    path("", include("coaching.goals.urls")),
    path("", include("coaching.checkins.urls")),
    path("", include("coaching.calendar.urls")),
]
