from django.http import JsonResponse

from core.health import health_report


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
