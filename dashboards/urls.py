from django.urls import include, path

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", include("dashboards.urls_district")),
    path("dashboards/", include("dashboards.urls_school")),
]
