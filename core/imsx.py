"""What 1EdTech's REST bindings share (CASE 1.1 and the Open Badges 3.0 API): the
`imsx_StatusInfo` error body, an exception that carries it, DRF's exception handling with that
body, and RFC 8288 paging links. Each binding keeps its own vocabulary of minor codes (the two
OpenAPIs list different values), passed in here."""

from collections.abc import Callable, Mapping

from rest_framework.response import Response
from rest_framework.views import exception_handler

SYSTEM = "TargetEndSystem"


class ImsxError(Exception):
    """A refusal with its HTTP status, the binding's minor code and the field at fault."""

    def __init__(self, status: int, minor: str, description: str, field: str = SYSTEM):
        super().__init__(description)
        self.status, self.minor, self.description, self.field = status, minor, description, field


def status_info(description: str, minor: str, field: str = SYSTEM) -> dict:
    """An imsx_StatusInfo body; `field` names the parameter at fault (or the system)."""
    return {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [{"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": minor}]
        },
    }


def exception_handler_for(minor_by_status: Mapping[int, str], *, otherwise: int | None = None) -> Callable:
    """A DRF exception handler: DRF's handling (status, Retry-After, WWW-Authenticate) with
    the binding's body. A status the binding's OpenAPI does not list becomes `otherwise`
    (CASE lists no 405, say), or keeps its status with the minor code `unknown`."""

    def handle(exc, context):
        if isinstance(exc, ImsxError):
            return Response(status_info(exc.description, exc.minor, exc.field), status=exc.status)
        response = exception_handler(exc, context)
        if response is None:
            return None
        if response.status_code not in minor_by_status and otherwise is not None:
            response.status_code = otherwise
        minor = minor_by_status.get(response.status_code, "unknown")
        detail = getattr(exc, "detail", None) or str(exc)
        response.data = status_info(str(detail), minor)
        return response

    return handle


def page_links(request, offset: int, limit: int, total: int) -> str:
    """RFC 8288 links to the first, previous, next and last pages, keeping the other query
    parameters."""

    def at(start: int, rel: str) -> str:
        params = request.query_params.copy()
        params["offset"], params["limit"] = str(start), str(limit)
        return f'<{request.build_absolute_uri(request.path)}?{params.urlencode()}>; rel="{rel}"'

    links = [at(0, "first")]
    if offset > 0:
        links.append(at(max(offset - limit, 0), "prev"))
    if offset + limit < total:
        links.append(at(offset + limit, "next"))
    links.append(at(max(total - 1, 0) // limit * limit, "last"))
    return ", ".join(links)
