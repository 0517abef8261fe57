from django.urls import include, path

app_name = "people"
urlpatterns = [
    path("", include("people.profile.urls")),
    path("", include("people.nudges.urls")),
]
