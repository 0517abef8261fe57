"""URLs of the public host (localhost): the platform operators' admin only."""

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from core.csp import csp_report

admin.site.site_header = "Lodestar platform"
admin.site.site_title = "Lodestar platform"
admin.site.index_title = "Districts"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("csp-report/", csp_report, name="csp-report"),
]

# A body over the size limit: a 413, JSON on the API (core/exceptions.py).
handler400 = "core.exceptions.bad_request"
