"""`Authorization: Bearer ldc_...`: an integration client's OAuth 2.0 access token.

django-oauth-toolkit checks the token (this district's schema only, not expired, the client not
revoked and the address in its allow-list: IntegrationClient.is_usable). The request then acts
as the client's service user with the token's scopes as its roles, so `can()`, ActionPermission
and every selector decide by the scope matrix. An operation no scope opens is a 403.
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import authentication, exceptions

from core.permissions import SCOPE_DESCRIPTIONS
from integrations.oauth import ACCESS_TOKEN_PREFIX
from integrations.operations import client_roles, operation_action, scopes_for_action

TOKEN_URL = "/oauth/token/"


class ClientTokenAuthentication(OAuth2Authentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if len(header) != 2 or header[0].lower() != "bearer" or not header[1].startswith(ACCESS_TOKEN_PREFIX):
            return None  # a personal token or a session: not ours
        # The toolkit reads the body for an `access_token` field: give it Django's request, so
        # that DRF's parsers (and the view's own choice of them) are not run before the view.
        result = super().authenticate(request._request)
        if result is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked access token."))
        _user, token = result
        client = token.application
        user = client.service_user
        # A holder's app (no service user) acts for a person in the Open Badges API only.
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked access token."))
        scopes = token.scope.split()
        user._lodestar_roles = client_roles(scopes)
        user.integration_client = client
        self._check_operation(request, scopes)
        return user, token

    def _check_operation(self, request, scopes) -> None:
        view = (getattr(request, "parser_context", None) or {}).get("view")
        needed = scopes_for_action(operation_action(view, request.method)) if view is not None else []
        if not set(needed) & set(scopes):
            if needed:
                message = f"This operation needs one of the scopes: {', '.join(needed)}."
            else:
                message = "Integration clients cannot use this operation."
            raise exceptions.PermissionDenied(message)


class ClientTokenScheme(OpenApiAuthenticationExtension):
    """OAuth 2.0 client credentials in the OpenAPI document, with each operation's scopes."""

    target_class = ClientTokenAuthentication
    name = "integrationClient"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "An integration client of the district (docs/integrations/clients.md): "
            "exchange its id and secret at the district's token endpoint for a short-lived access token.",
            "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": dict(SCOPE_DESCRIPTIONS)}},
        }

    def get_security_requirement(self, auto_schema):
        scopes = scopes_for_action(operation_action(auto_schema.view, auto_schema.method))
        # One requirement per scope: any one of them opens the operation.
        return [{self.name: [scope]} for scope in scopes] or None
