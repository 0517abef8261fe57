"""The dashboards' pages (namespace "dashboards"): each area's routes, under /dashboards/.
The home page is the home area's own (dashboards/home/urls.py, included from
config/urls_tenant.py: its URL name, "home", has no namespace)."""

from django.urls import include, path

app_name = "dashboards"

urlpatterns = [
    path("", include("dashboards.district.urls")),
    path("", include("dashboards.school.urls")),
]
