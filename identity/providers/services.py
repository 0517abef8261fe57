"""Writes: adding, changing and removing identity providers, and the sign-in policy."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit
from core.permissions import can, require
from identity.models import IdentityProvider, ProviderKind, SignInPolicy
from identity.providers.rules import MANAGE

DEFAULT_ISSUERS: dict[str, str] = {
    ProviderKind.GOOGLE: "https://accounts.google.com",
    ProviderKind.MICROSOFT: "https://login.microsoftonline.com/{tenant}/v2.0",
    ProviderKind.CLEVER: "https://clever.com",
    ProviderKind.CLASSLINK: "https://launchpad.classlink.com",
}
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
CLAIM = re.compile(r"^[A-Za-z0-9_.:/-]{1,100}$")
TENANT = re.compile(r"^[A-Za-z0-9.-]{1,100}$")
EDITABLE = ("name", "issuer", "client_id", "client_secret", "allowed_domains", "sourced_id_claim", "enabled")
SECRET_MARK = "(changed)"


def _issuer(value: str, *, kind: str, tenant_id: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        if kind == ProviderKind.MICROSOFT and tenant_id:
            if not TENANT.match(tenant_id):
                errors["tenant_id"] = "Give the directory (tenant) id from Entra ID, e.g. a GUID."
                return ""
            return DEFAULT_ISSUERS[ProviderKind.MICROSOFT].format(tenant=tenant_id)
        if kind in DEFAULT_ISSUERS and kind != ProviderKind.MICROSOFT:
            return DEFAULT_ISSUERS[kind]
        errors["issuer"] = (
            "Give the issuer URL, or the tenant id (Entra ID)."
            if kind == ProviderKind.MICROSOFT
            else "Give the provider's issuer URL."
        )
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        errors["issuer"] = "Give a full URL, e.g. https://accounts.google.com."
    elif parts.hostname in LOOPBACK_HOSTS and not settings.SSO_ALLOW_LOOPBACK_ISSUER:
        errors["issuer"] = "The issuer must be a public address, not this server's own."
    elif parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        errors["issuer"] = "The issuer must use https."
    elif parts.query or parts.fragment:
        errors["issuer"] = "The issuer URL has no query or fragment."
    return value.rstrip("/")


def _domains(value, errors: dict) -> list[str]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,]+", value) if part]
    if not isinstance(value, list | tuple) or not value:
        errors["allowed_domains"] = "Give at least one email domain, e.g. riverside.k12.us."
        return []
    domains = []
    for item in value:
        domain = str(item).strip().lower().lstrip("@")
        if not DOMAIN.match(domain):
            errors["allowed_domains"] = f"“{item}” is not an email domain (e.g. riverside.k12.us)."
            return []
        if domain not in domains:
            domains.append(domain)
    return domains


def _clean(data: dict, *, kind: str, tenant_id: str, errors: dict) -> dict:
    clean: dict = {}
    for field in ("name", "client_id", "client_secret", "sourced_id_claim"):
        if field in data:
            clean[field] = str(data[field] or "").strip()
    for field, message in (("name", "Give the button a name."), ("client_id", "Give the client id.")):
        if field in clean and not clean[field]:
            errors[field] = message
    if "client_secret" in clean and not clean["client_secret"]:
        errors["client_secret"] = "Give the client secret."
    if clean.get("sourced_id_claim") and not CLAIM.match(clean["sourced_id_claim"]):
        errors["sourced_id_claim"] = "A claim name is letters, digits and _ . : / - (up to 100)."
    if "issuer" in data or "tenant_id" in data:
        clean["issuer"] = _issuer(data.get("issuer", ""), kind=kind, tenant_id=tenant_id, errors=errors)
    if "allowed_domains" in data:
        clean["allowed_domains"] = _domains(data["allowed_domains"], errors)
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            errors["enabled"] = "Answer true or false."
        clean["enabled"] = data["enabled"]
    return clean


def _slug_for(kind: str) -> str:
    taken = set(IdentityProvider.objects.filter(slug__startswith=kind).values_list("slug", flat=True))
    slug, number = kind, 1
    while slug in taken:
        number += 1
        slug = f"{kind}-{number}"
    return slug


LAST_PROVIDER = "The district requires single sign-on: turn that off first, or add another provider."


def _is_last_required(provider: IdentityProvider) -> bool:
    """Whether the district requires single sign-on and this is its only enabled provider."""
    required = SignInPolicy.objects.select_for_update().filter(pk=1, require_sso=True).first() is not None
    return required and not IdentityProvider.objects.filter(enabled=True).exclude(pk=provider.pk).exists()


def _audit_data(changes: dict) -> dict:
    return {field: SECRET_MARK if field == "client_secret" else value for field, value in changes.items()}


@transaction.atomic
def identity_provider_create(
    *,
    actor: User | None,
    kind: str,
    client_id: str,
    client_secret: str,
    allowed_domains,
    name: str = "",
    issuer: str = "",
    tenant_id: str = "",
    sourced_id_claim: str = "",
    enabled: bool = True,
) -> IdentityProvider:
    """Connect an identity provider (district administrators). The issuer defaults per kind
    (Entra ID's from the tenant id); https only, except on loopback addresses; at least one
    allowed email domain. Audited without the secret."""
    require(actor, MANAGE)
    errors: dict = {}
    if kind not in ProviderKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(ProviderKind.values)}."})
    data = {
        "name": name or ProviderKind(kind).label,
        "client_id": client_id,
        "client_secret": client_secret,
        "allowed_domains": allowed_domains,
        "sourced_id_claim": sourced_id_claim,
        "enabled": enabled,
        "issuer": issuer,
    }
    clean = _clean(data, kind=kind, tenant_id=(tenant_id or "").strip(), errors=errors)
    if errors:
        raise ValidationError(errors)
    provider = IdentityProvider.objects.create(kind=kind, slug=_slug_for(kind), **clean)
    audit(
        actor=actor,
        action="identity_provider.created",
        target=provider,
        data=_audit_data({"kind": kind, **clean}),
    )
    return provider


@transaction.atomic
def identity_provider_update(
    *, actor: User | None, provider: IdentityProvider, **changes
) -> IdentityProvider:
    """Change a provider (district administrators); a secret given replaces the stored one,
    none keeps it. The kind and slug never change (the slug is in the registered redirect
    URI). Audited with what changed, the secret only as changed."""
    require(actor, MANAGE)
    errors: dict = {}
    for field in sorted(set(changes) - set(EDITABLE) - {"tenant_id"}):
        errors[field] = "Unknown field or one that cannot change."
    if changes.get("client_secret") in ("", None):
        changes.pop("client_secret", None)
    clean = _clean(
        changes, kind=provider.kind, tenant_id=str(changes.get("tenant_id") or "").strip(), errors=errors
    )
    if errors:
        raise ValidationError(errors)
    provider = IdentityProvider.objects.select_for_update().get(pk=provider.pk)
    if clean.get("enabled") is False and _is_last_required(provider):
        raise ValidationError({"enabled": LAST_PROVIDER})
    changed = {field: value for field, value in clean.items() if getattr(provider, field) != value}
    if changed:
        for field, value in changed.items():
            setattr(provider, field, value)
        provider.save(update_fields=[*changed, "updated_at"])
        audit(actor=actor, action="identity_provider.updated", target=provider, data=_audit_data(changed))
    return provider


@transaction.atomic
def identity_provider_delete(*, actor: User | None, provider: IdentityProvider) -> None:
    """Remove a provider (district administrators). Refused while the district requires
    single sign-on and this is its last enabled provider."""
    require(actor, MANAGE)
    if _is_last_required(provider):
        raise ValidationError({"non_field_errors": LAST_PROVIDER})
    audit(
        actor=actor,
        action="identity_provider.deleted",
        target=provider,
        data={"slug": provider.slug, "name": provider.name},
    )
    provider.delete()


@transaction.atomic
def sign_in_policy_update(
    *, actor: User | None, require_sso: bool | None = None, break_glass: list[int] | None = None
) -> SignInPolicy:
    """Change how the district signs in (district administrators). Break-glass people are
    current district administrators; requiring single sign-on needs an enabled provider and
    at least one break-glass administrator, so the district cannot be locked out. Audited."""
    require(actor, MANAGE)
    policy, _ = SignInPolicy.objects.select_for_update().get_or_create(pk=1)
    errors: dict = {}
    if require_sso is not None and not isinstance(require_sso, bool):
        errors["require_sso"] = "Answer true or false."
    people = None
    if break_glass is not None:
        ids = sorted({int(pk) for pk in break_glass})
        people = list(User.objects.filter(pk__in=ids, is_active=True))
        if len(people) != len(ids) or not all(can(person, MANAGE) for person in people):
            errors["break_glass"] = "Break-glass people must be current district administrators."
    if errors:
        raise ValidationError(errors)
    wants_sso = policy.require_sso if require_sso is None else require_sso
    glass = people if people is not None else list(policy.break_glass.all())
    if wants_sso and not IdentityProvider.objects.filter(enabled=True).exists():
        raise ValidationError(
            {"require_sso": "Add and enable an identity provider before requiring single sign-on."}
        )
    if wants_sso and not glass:
        raise ValidationError(
            {"break_glass": "Name at least one break-glass administrator, who may still use a password."}
        )
    changed: dict = {}
    if require_sso is not None and require_sso != policy.require_sso:
        changed["require_sso"] = [policy.require_sso, require_sso]
        policy.require_sso = require_sso
        policy.save(update_fields=["require_sso", "updated_at"])
    if people is not None:
        before = sorted(policy.break_glass.values_list("pk", flat=True))
        after = sorted(person.pk for person in people)
        if before != after:
            changed["break_glass"] = [before, after]
            policy.break_glass.set(people)
    if changed:
        audit(actor=actor, action="sign_in_policy.updated", target=policy, data=changed)
    return policy
