"""One error body for the whole API: {"error": {"code", "message", "fields"}}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _fields_from_django(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if key == "__all__" else key): [m for e in errors for m in e.messages]
            for key, errors in error.error_dict.items()
        }
    return {"non_field_errors": error.messages}


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {key: _messages(value) for key, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value):
    if isinstance(value, list):
        out = []
        for item in value:
            out.extend(_messages(item) if isinstance(item, (list, dict)) else [str(item)])
        return out
    if isinstance(value, dict):
        return [f"{key}: {msg}" for key, msgs in value.items() for msg in _messages(msgs)]
    return [str(value)]


def _printable(text: str) -> str:
    """The text with anything UTF-8 cannot encode (a lone surrogate) replaced by "?":
    a message that repeats undecodable input would make the error itself a 500."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    fields = {_printable(key): [_printable(m) for m in messages] for key, messages in (fields or {}).items()}
    return {"error": {"code": code, "message": _printable(message), "fields": fields}}


def _summary(fields: dict) -> str:
    first_field, messages = next(iter(fields.items()))
    label = "" if first_field == "non_field_errors" else f"{first_field}: "
    return f"{label}{messages[0]}" if messages else "Invalid input."


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        fields = _fields_from_django(exc)
        return Response(error_body("invalid", _summary(fields), fields), status=400)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        response.data = error_body("invalid", _summary(fields), fields)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            response.status_code = status.HTTP_401_UNAUTHORIZED
        response.data = error_body(code, str(detail))
    return response


def not_found(request, exception=None):
    """Django's 404 for a URL no route matches (e.g. `/api/v1/goals/1.5/`: ids are digits):
    the API's JSON error under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """Django's 400 handler (both URL confs), for a request it refuses before any view.
    A body over DATA_UPLOAD_MAX_MEMORY_SIZE (or with more fields or files than allowed) is a
    413: on the API with the JSON error naming the limit, on pages a short page saying so.
    Any other such 400 (a malformed multipart body) is the API's JSON error under /api/."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.template.response import TemplateResponse

    api = request.path.startswith(("/api/", "/oauth/", "/ims/"))
    if not isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        if api:
            return JsonResponse(error_body("invalid", "The request could not be read."), status=400)
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        message = (
            f"The request body is larger than the limit of {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes "
            "(files are sent as multipart uploads, with their own limits)."
        )
    else:
        message = "The request has more fields or files than the limit allows."
    if api:
        return JsonResponse(error_body("too_large", message), status=413)
    return TemplateResponse(request, "413.html", {"message": message}, status=413).render()
