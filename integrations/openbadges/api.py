"""The Open Badges API 3.0 under /ims/ob/v3p0/ (1EdTech's binding, so left out of Lodestar's own
OpenAPI document): getServiceDescription, getCredentials, getProfile. Errors are the
specification's imsx_StatusInfo. upsertCredential and putProfile are not offered (405): a
holder's host does not write into the district's record."""

import datetime

from django.utils.dateparse import parse_datetime
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.imsx import ImsxError, exception_handler_for, page_links
from integrations.oauth import ACCESS_TOKEN_PREFIX, OB_CREDENTIAL_READ, OB_PROFILE_READ
from integrations.openbadges import documents, selectors

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MINOR_BY_STATUS = {
    400: "invalid_query_parameter",
    401: "unauthorizedrequest",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
    406: "not_acceptable",
    429: "server_busy",
}
INVALID_TOKEN = "Invalid, expired or revoked access token."


ob_exception_handler = exception_handler_for(MINOR_BY_STATUS)


class HolderTokenAuthentication(OAuth2Authentication):
    """`Authorization: Bearer ldc_...` issued to a holder's app with the holder's consent
    (authorization code). django-oauth-toolkit checks the token in this district's schema, its
    expiry and its app; the request then acts as the holder. Integration clients' tokens (no
    holder) and a deactivated holder's are refused."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "").split()
        if len(header) != 2 or header[0].lower() != "bearer":
            return None
        if not header[1].startswith(ACCESS_TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        result = super().authenticate(request._request)
        if result is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        user, token = result
        app = token.application
        if user is None or not user.is_active or app is None or not app.is_holder_app:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        return user, token


class HasScope(BasePermission):
    """The view's `scope` must be among the token's; else a 403 naming it."""

    def has_permission(self, request, view):
        if request.auth is None:
            raise exceptions.NotAuthenticated("An access token is required (OAuth 2.0 authorization code).")
        if view.scope not in request.auth.scope.split():
            raise ImsxError(403, "forbidden", f"This operation needs the scope {view.scope}.")
        return True


class ObView(APIView):
    authentication_classes = [HolderTokenAuthentication]
    permission_classes = [HasScope]
    renderer_classes = [JSONRenderer]
    schema = None
    scope = ""

    def get_exception_handler(self):
        return ob_exception_handler


def _whole_number(params, name: str, default: int, minimum: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < minimum or len(raw) > 9:
        message = f"{name} must be a whole number of at least {minimum}."
        raise ImsxError(400, "invalid_query_parameter", message, name)
    return int(raw)


def _since(params) -> datetime.datetime | None:
    raw = params.get("since")
    if raw is None:
        return None
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        message = "since must be a date-time with a time zone (2025-01-31T08:00:00Z)."
        raise ImsxError(400, "invalid_query_parameter", message, "since")
    return moment


def _proof_format(params) -> str:
    chosen = params.get("proofFormat", documents.JWT)
    if chosen not in documents.PROOF_FORMATS:
        message = f"proofFormat must be one of {', '.join(documents.PROOF_FORMATS)}."
        raise ImsxError(400, "invalid_query_parameter", message, "proofFormat")
    return chosen


class CredentialsView(ObView):
    """getCredentials: the holder's valid credentials, `limit` (1-100, 20 by default) from
    `offset`, issued after `since` if given, as VC-JWTs or (`proofFormat=data-integrity`)
    with embedded proofs; X-Total-Count and Link headers say the rest."""

    scope = OB_CREDENTIAL_READ

    def get(self, request):
        limit = min(_whole_number(request.query_params, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
        offset = _whole_number(request.query_params, "offset", 0, 0)
        since = _since(request.query_params)
        proof_format = _proof_format(request.query_params)
        total, page = selectors.holder_credential_page(
            actor=request.user, offset=offset, limit=limit, since=since
        )
        headers = {"X-Total-Count": str(total), "Link": page_links(request, offset, limit, total)}
        return Response(documents.credentials_body(page, proof_format), headers=headers)


class ProfileView(ObView):
    """getProfile: the holder's name and email, under the id their credentials name."""

    scope = OB_PROFILE_READ

    def get(self, request):
        return Response(documents.holder_profile(request.user))


class DiscoveryView(ObView):
    """getServiceDescription: open to anyone, as a client reads it before it registers."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        return Response(documents.service_description())


class UnknownView(ObView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        raise ImsxError(404, "not_found", f"No Open Badges API endpoint at {request.path}.")

    post = put = patch = delete = get
