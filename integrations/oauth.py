"""django-oauth-toolkit's hooks: how access tokens look and which scopes a client may ask for
(an integration client its own; a holder's app those it registered with)."""

import secrets

from oauth2_provider.scopes import BaseScopes

from core.permissions import SCOPE_DESCRIPTIONS

ACCESS_TOKEN_PREFIX = "ldc_"

# The Open Badges API's scopes (OB 3.0 §6.2; the official OpenAPI's OAuth2ACG scheme). Only the
# read scopes are offered: a host pulls the holder's credentials and profile; nothing writes.
OB_SCOPE_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
OB_CREDENTIAL_READ = OB_SCOPE_PREFIX + "credential.readonly"
OB_PROFILE_READ = OB_SCOPE_PREFIX + "profile.readonly"
# What the consent page tells the holder each scope lets the app do.
OB_SCOPE_DESCRIPTIONS = {
    OB_CREDENTIAL_READ: "Read the credentials you earned here (micro-credentials and pathways), signed.",
    OB_PROFILE_READ: "Read your profile: your name and email address.",
}


def access_token_generator(request, refresh_token=False) -> str:
    """`ldc_` + 43 random characters: recognisable at a glance (and by the authentication, which
    leaves personal `lds_` tokens to their own class)."""
    return ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)


class ClientScopes(BaseScopes):
    """A client asks for some of its own scopes, or gets all of them when it names none."""

    def get_all_scopes(self):
        return {**SCOPE_DESCRIPTIONS, **OB_SCOPE_DESCRIPTIONS}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return list(application.scopes) if application is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
