from django.http import HttpResponse, JsonResponse

RETRY_AFTER_SECONDS = 30
MESSAGE = "This district is being upgraded and will be back in a moment. Please try again shortly."


class DistrictNotReadyMiddleware:
    """A district that is not ready (being migrated, or not fully provisioned) answers 503
    with Retry-After on every request, as JSON for the API and a short page otherwise,
    instead of running code against a schema in the middle of a migration.
    Placed right after TenantMainMiddleware, which sets request.tenant."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if (
            tenant is not None
            and tenant.schema_name != "public"
            and (tenant.is_migrating or not tenant.is_ready)
        ):
            return self.unavailable(request)
        return self.get_response(request)

    @staticmethod
    def unavailable(request) -> HttpResponse:
        if request.path_info.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse(
                {"error": {"code": "district_unavailable", "message": MESSAGE, "fields": {}}}, status=503
            )
        else:
            response = HttpResponse(
                "<!doctype html><html lang=en><meta charset=utf-8><title>Back in a moment</title>"
                f"<h1>Back in a moment</h1><p>{MESSAGE}</p></html>",
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
