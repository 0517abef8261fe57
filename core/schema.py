"""The OpenAPI schema's operations, with every error the API can answer documented.

Each viewset names the errors of its own rules (`ERRORS_READ`, `ERRORS_WRITE` in core/api.py);
the ones every operation can give, whatever its view says, are added here, so a client
generated from the schema knows the error body for each of them (Schemathesis checks it:
tests/security/test_fuzz.py)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from core.api import ErrorSerializer

ALWAYS = {
    401: "Not signed in, or the token is invalid.",
    403: "Your role does not allow this.",
    404: "Missing, or not visible to you.",
    429: "Too many requests; `Retry-After` says when to try again.",
}
WITH_INPUT = {
    400: "Invalid input; `fields` names each field (or query parameter).",
}
WITH_BODY = {
    413: "The body is larger than the size limit, or has more fields or files than allowed.",
    415: "The body is not in a format this operation reads.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ALWAYS)
        if self.method != "GET" or any(parameter["in"] == "query" for parameter in self._get_parameters()):
            errors.update(WITH_INPUT)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(WITH_BODY)
        for code, description in errors.items():
            if str(code) not in responses:
                response = OpenApiResponse(ErrorSerializer, description=description)
                responses[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return responses
