"""django-oauth-toolkit's hooks: how access tokens look and which scopes a client may ask for."""

import secrets

from oauth2_provider.scopes import BaseScopes

from core.permissions import SCOPE_DESCRIPTIONS

ACCESS_TOKEN_PREFIX = "ldc_"


def access_token_generator(request, refresh_token=False) -> str:
    """`ldc_` + 43 random characters: recognisable at a glance (and by the authentication, which
    leaves personal `lds_` tokens to their own class)."""
    return ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)


class ClientScopes(BaseScopes):
    """A client asks for some of its own scopes, or gets all of them when it names none."""

    def get_all_scopes(self):
        return dict(SCOPE_DESCRIPTIONS)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return list(application.scopes) if application is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
