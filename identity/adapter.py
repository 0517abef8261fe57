"""allauth's social-account adapter for Lodestar: the district's rows are the apps, and a
sign-in succeeds only for a person the district already has (identity/sign_in/)."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import connection
from django.shortcuts import render

from identity.oidc import NONCE_STATE_KEY
from identity.sign_in import rules, selectors, services

logger = logging.getLogger(__name__)

PROVIDER_ERROR = (
    "{provider} could not sign you in: its answer could not be verified, or you cancelled. "
    "Try again, or ask your district administrator."
)


def refusal_page(request, message: str, status: int = 403):
    return render(request, "identity/refused.html", {"message": message}, status=status)


def _claims(sociallogin) -> dict:
    """What the provider said: the ID token (signed) wins over userinfo where both speak."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


class DistrictSocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        return selectors.social_apps(provider=provider, client_id=client_id)

    def is_open_for_signup(self, request, sociallogin):
        """Never: people come from the district (by hand or the SIS), not from a sign-in."""
        return False

    def pre_social_login(self, request, sociallogin):
        slug = sociallogin.provider.app.provider_id
        provider = selectors.provider_for_sign_in(slug=slug)
        claims = _claims(sociallogin)
        email = str(claims.get("email") or "")

        def refuse(reason: str):
            services.sso_sign_in_refuse(
                provider=provider, slug=slug, reason=reason, email=email, subject=str(claims.get("sub") or "")
            )
            logger.info("Single sign-on through %s refused: %s", slug, reason)
            raise ImmediateHttpResponse(refusal_page(request, reason))

        if provider is None:
            refuse(PROVIDER_ERROR.format(provider=sociallogin.provider.app.name))
        refusal = rules.claims_refusal(
            provider=provider, claims=claims, expected_nonce=(sociallogin.state or {}).get(NONCE_STATE_KEY)
        )
        if refusal:
            refuse(refusal)
        user, matched_by = selectors.person_matching_claims(provider=provider, claims=claims)
        if matched_by == "email":
            refusal = rules.email_refusal(provider=provider, claims=claims)
            if refusal:
                refuse(refusal)
        if user is None:
            who = email or f"SIS id {claims.get(provider.sourced_id_claim)}"
            refuse(rules.NO_ACCOUNT.format(district=connection.tenant.name, who=who))
        refusal = rules.person_refusal(user=user)
        if refusal:
            refuse(refusal)
        services.sso_sign_in_accept(user=user, provider=provider, matched_by=matched_by)
        # An existing person: allauth signs them in (and never reaches its sign-up).
        sociallogin.user = user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """A failed exchange (wrong issuer or audience, expired or badly signed token, the
        provider refused or the person cancelled): our refusal page, audited by kind only,
        as an exception's text may quote what the provider sent."""
        slug = provider.app.provider_id if provider.app else ""
        kind = type(exception).__name__ if exception else str(error)
        services.sso_sign_in_refuse(
            provider=selectors.provider_for_sign_in(slug=slug), slug=slug, reason=f"exchange failed: {kind}"
        )
        logger.info("Single sign-on through %s failed: %s", slug, kind)
        raise ImmediateHttpResponse(refusal_page(request, PROVIDER_ERROR.format(provider=provider.name)))
