from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils import timezone

from core.health import health_report
from core.time import district_timezone


class HealthCheckMiddleware:
    """Answers GET /healthz on any host, before tenant resolution and host validation."""

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == self.path and request.method in ("GET", "HEAD"):
            status, body = health_report()
            return JsonResponse(body, status=status)
        return self.get_response(request)


class DistrictTimezoneMiddleware:
    """Show and read times in the district's own time zone (UTC on the public host)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(district_timezone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class HtmxLoginRedirectMiddleware:
    """An HTMX request whose session has expired would swap the sign-in page into a
    fragment; tell HTMX to navigate the whole page to sign-in instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response
