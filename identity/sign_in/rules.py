"""Why a single sign-on, or a password sign-in, is refused: each function answers a sentence
for the person, or None."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from identity.models import IdentityProvider, ProviderKind, SignInPolicy

NONCE_MISMATCH = (
    "The identity provider's answer does not belong to this sign-in. Start again from the sign-in page."
)
NO_EMAIL = (
    "{provider} did not say who you are (no email address, no SIS id). Ask your district administrator."
)
DOMAIN_NOT_ALLOWED = "{provider} may not sign in addresses at {domain}. Ask your district administrator."
UNVERIFIED_EMAIL = (
    "{provider} has not verified {email}, so it cannot sign you in. Ask your district administrator."
)
NO_ACCOUNT = "No Lodestar account in {district} matches {who}. Ask your district administrator to add you."
DEACTIVATED = "This account has been deactivated."
SSO_REQUIRED = (
    "{district} signs in through its identity provider: use the “Continue with …” button below "
    "instead of a password."
)


def truthy(value) -> bool:
    """OpenID Connect says `email_verified` is a boolean; some providers send the string."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def claims_refusal(*, provider: IdentityProvider, claims: dict, expected_nonce: str | None) -> str | None:
    """The ID token answers this sign-in (its nonce), and any email in it has an allowed domain."""
    if not expected_nonce or claims.get("nonce") != expected_nonce:
        return NONCE_MISMATCH
    email = (claims.get("email") or "").strip().lower()
    sourced_id = str(claims.get(provider.sourced_id_claim) or "") if provider.sourced_id_claim else ""
    if not email and not sourced_id:
        return NO_EMAIL.format(provider=provider.name)
    if email:
        domain = email.rpartition("@")[2]
        if domain not in {d.lower() for d in provider.allowed_domains}:
            return DOMAIN_NOT_ALLOWED.format(provider=provider.name, domain=domain)
    return None


def email_refusal(*, provider: IdentityProvider, claims: dict) -> str | None:
    """Matching by email needs the provider to vouch for it: `email_verified`, or for
    Microsoft Entra ID, which never sends that claim, its optional `xms_edov` (the email's
    domain is verified by the tenant that owns it)."""
    verified = truthy(claims.get("email_verified"))
    if provider.kind == ProviderKind.MICROSOFT:
        verified = verified or truthy(claims.get("xms_edov"))
    if not verified:
        return UNVERIFIED_EMAIL.format(provider=provider.name, email=claims.get("email"))
    return None


def person_refusal(*, user: User) -> str | None:
    """The password sign-in's own rule (Django's ModelBackend: an inactive person may not
    sign in; deactivation sets it and ends the memberships), with the form's own words."""
    if not ModelBackend().user_can_authenticate(user):
        return DEACTIVATED
    return None


def password_sign_in_refusal(user: User) -> str | None:
    """A settings.SIGN_IN_HOOKS hook: when the district requires single sign-on, only its
    break-glass administrators may still sign in with a password."""
    from django.db import connection

    if getattr(connection, "schema_name", "public") == "public":  # platform operators: no policy
        return None
    policy = SignInPolicy.objects.filter(pk=1, require_sso=True).first()
    if policy is None or policy.break_glass.filter(pk=user.pk).exists():
        return None
    return SSO_REQUIRED.format(district=getattr(getattr(connection, "tenant", None), "name", "This district"))
