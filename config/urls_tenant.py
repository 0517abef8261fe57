"""URLs of a district's host: pages and the REST API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from core.csp import csp_report
from core.openapi_cache import CachedSchemaView

# Under /api/, an unmatched URL and a request Django refuses before any view answer the
# API's JSON error, as the OpenAPI schema says; a body over the size limit is a 413.
handler400 = "core.exceptions.bad_request"
handler404 = "core.exceptions.not_found"

urlpatterns = [
    path("", include("dashboards.home.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/oidc/", include("identity.oidc_urls")),
    path("integrations/identity/", include("identity.urls")),
    path("", include("schools.urls")),
    path("", include("assessments.urls")),
    path("", include("coaching.urls")),
    path("", include("notifications.urls")),
    path("", include("pathways.urls")),
    path("", include("dashboards.urls")),
    path("", include("people.urls")),
    path("integrations/roster/", include("rostering.urls")),
    path("integrations/webhooks/", include("webhooks.urls")),
    path("", include("integrations.urls")),
    path("api/v1/", include("config.urls_api")),
    path("ims/case/v1p1/", include("assessments.case.urls")),
    path("ims/ob/v3p0/", include("integrations.openbadges.urls")),
    # Built once per process and code version (core/openapi_cache.py).
    path("api/schema/", CachedSchemaView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a script file of its own (a
    # Content-Security-Policy refuses inline scripts); the page's own style is a static file.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("csp-report/", csp_report, name="csp-report"),
]
