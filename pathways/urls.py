"""The pathways pages: each area's routes, under the one `pathways` namespace."""

from django.urls import include, path

app_name = "pathways"
urlpatterns = [
    path("", include("pathways.catalog.urls")),
    path("", include("pathways.submissions.urls")),
    path("", include("pathways.reviews.urls")),
    path("", include("pathways.credentials.urls")),
    path("", include("pathways.programs.urls")),
]
