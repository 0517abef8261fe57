"""identity's pages, under `/integrations/identity/` (namespace "identity")."""

from django.urls import include, path

app_name = "identity"
urlpatterns = [path("", include("identity.providers.urls"))]
