"""django-allauth's OpenID Connect client, with two additions and nothing hand-written
about the protocol itself.

- A `nonce` goes out with every authorization request and must come back in the ID token
  (checked in identity.adapter): allauth's generic OpenID Connect provider sends none.
- The ID token's RS256 signature is always verified against the provider's JWKS. allauth
  skips it when the token came straight from the token endpoint (which OpenID Connect allows
  over TLS); an issuer configured over plain HTTP, or a proxy in between, would then go
  unchecked, so we never skip it.

The login and callback views are allauth's, bound to the adapter below; identity/oidc_urls.py
gives them allauth's URL names, so allauth's own redirects keep working.
"""

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from django.shortcuts import render
from django.utils.crypto import get_random_string

NONCE_STATE_KEY = "nonce"
NOT_ANSWERING = "{provider} is not answering. Try again in a moment, or ask your district administrator."


class DistrictOpenIDConnectAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app, id_token):
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


class DistrictOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = DistrictOpenIDConnectAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Always a sign-in (never allauth's "connect" or "redirect" processes, which a
        crafted `process` parameter could otherwise ask for), with a fresh nonce kept in the
        state that allauth stores in the session for the callback."""
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        try:
            return super().redirect(
                request,
                AuthProcess.LOGIN,
                next_url,
                data,
                auth_params=auth_params,
                **{NONCE_STATE_KEY: nonce},
                **kwargs,
            )
        except requests.RequestException:
            # The discovery document could not be fetched: the provider is down or misnamed.
            message = NOT_ANSWERING.format(provider=self.app.name)
            return render(request, "identity/refused.html", {"message": message}, status=502)


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(DistrictOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such identity provider in this district.") from None


@login_not_required
def callback(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(DistrictOpenIDConnectAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such identity provider in this district.") from None
