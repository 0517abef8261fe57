"""Reads for signing in. The visitor is not signed in yet, so these take no actor: they
read only what the sign-in page shows anyone (enabled providers' names) or what the
exchange needs (identity/adapter.py)."""

from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from identity.models import IdentityProvider

OIDC = "openid_connect"


def _enabled() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(enabled=True)


def sign_in_buttons(request) -> list[dict]:
    """A settings.SIGN_IN_HOOKS hook: the sign-in page's buttons, one per enabled provider.
    `issuer` is where the button's form goes on to (the page's policy must allow it)."""
    return [
        {
            "name": row.name,
            "login_url": reverse("openid_connect_login", kwargs={"provider_id": row.slug}),
            "issuer": row.issuer,
        }
        for row in _enabled()
    ]


def provider_for_sign_in(*, slug: str) -> IdentityProvider | None:
    return _enabled().filter(slug=slug).first()


def social_apps(*, provider: str | None = None, client_id: str | None = None) -> list:
    """allauth's (unsaved) SocialApp per enabled provider of the current district: its
    settings never leave the district's schema. `provider` is allauth's provider id
    ("openid_connect") or one of ours (the row's slug)."""
    from allauth.socialaccount.models import SocialApp

    rows = _enabled()
    if provider and provider != OIDC:
        rows = rows.filter(slug=provider)
    if client_id:
        rows = rows.filter(client_id=client_id)
    return [
        SocialApp(
            provider=OIDC,
            provider_id=row.slug,
            name=row.name,
            client_id=row.client_id,
            secret=row.client_secret,
            settings={"server_url": row.issuer, "oauth_pkce_enabled": True, "fetch_userinfo": True},
        )
        for row in rows
    ]


def person_matching_claims(*, provider: IdentityProvider, claims: dict) -> tuple[User | None, str]:
    """The district's person the claims name, and how: by the provider's sourcedId claim
    when configured and sent, else by email (the caller checks the email is verified).
    Deactivated people are returned too, so that they get their own refusal; an integration
    client's service user is never anyone's match."""
    people = User.objects.filter(is_service=False)
    if provider.sourced_id_claim:
        sourced_id = str(claims.get(provider.sourced_id_claim) or "")
        if sourced_id:
            user = people.filter(sourced_id=sourced_id).first()
            if user is not None:
                return user, "sourced_id"
    email = (claims.get("email") or "").strip().lower()
    if email:
        return people.filter(email__iexact=email).first(), "email"
    return None, ""
