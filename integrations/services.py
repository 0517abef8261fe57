"""Writes about integration clients: create, rotate the secret, revoke. Each audited."""

import ipaddress
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_access_token_model

from accounts.models import User
from core.audit import audit
from core.permissions import SCOPE_MATRIX, require
from integrations.models import IntegrationClient

MAX_NETWORKS = 50


@dataclass
class IssuedClient:
    client: IntegrationClient
    secret: str  # shown once; only its hash is stored


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the client a name so you can recognise it in the audit log."})
    if len(name) > 100:
        raise ValidationError({"name": "Keep the name under 100 characters."})
    return name


def _clean_scopes(scopes) -> list[str]:
    scopes = list(dict.fromkeys(scopes or []))
    if not scopes:
        raise ValidationError({"scopes": "Choose at least one scope."})
    unknown = [scope for scope in scopes if scope not in SCOPE_MATRIX]
    if unknown:
        raise ValidationError({"scopes": f"Unknown scope: {', '.join(unknown)}."})
    return [scope for scope in SCOPE_MATRIX if scope in scopes]


def _clean_networks(networks) -> list[str]:
    cleaned = []
    for text in networks or []:
        text = (text or "").strip()
        if not text:
            continue
        try:
            cleaned.append(str(ipaddress.ip_network(text, strict=False)))
        except ValueError:
            raise ValidationError(
                {"allowed_networks": f'"{text[:64]}" is not an IP address or network such as 203.0.113.0/24.'}
            ) from None
    if len(cleaned) > MAX_NETWORKS:
        raise ValidationError({"allowed_networks": f"At most {MAX_NETWORKS} networks."})
    return list(dict.fromkeys(cleaned))


@transaction.atomic
def integration_client_create(*, actor: User | None, name: str, scopes, allowed_networks=()) -> IssuedClient:
    """A new client with its own service user (no password, no memberships, never listed
    among people). The secret is returned once; the toolkit stores only its hash."""
    require(actor, "integration_client.manage")
    name = _clean_name(name)
    scopes = _clean_scopes(scopes)
    networks = _clean_networks(allowed_networks)
    service_user = User.objects.create_user(
        email=f"client-{uuid.uuid4().hex}@integrations.invalid",
        first_name=name,
        last_name="",
        is_service=True,
    )
    secret = generate_client_secret()
    client = IntegrationClient.objects.create(
        name=name,
        scopes=scopes,
        allowed_networks=networks,
        service_user=service_user,
        created_by=actor if getattr(actor, "pk", None) else None,
        client_type=IntegrationClient.CLIENT_CONFIDENTIAL,
        authorization_grant_type=IntegrationClient.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    audit(
        actor=actor,
        action="integration_client.created",
        target=client,
        data={"name": name, "scopes": scopes, "allowed_networks": networks},
    )
    return IssuedClient(client=client, secret=secret)


def _locked(client: IntegrationClient) -> IntegrationClient:
    return IntegrationClient.objects.select_for_update().get(pk=client.pk)


@transaction.atomic
def integration_client_rotate_secret(*, actor: User | None, client: IntegrationClient) -> IssuedClient:
    """A new secret, returned once; the old one stops working at once, and so do the access
    tokens issued with it."""
    require(actor, "integration_client.manage")
    client = _locked(client)
    if client.is_revoked:
        raise ValidationError({"client": "This client is revoked; create a new one instead."})
    secret = generate_client_secret()
    client.client_secret = secret
    client.secret_rotated_at = timezone.now()
    client.save(update_fields=["client_secret", "secret_rotated_at", "updated"])
    get_access_token_model().objects.filter(application=client).delete()
    audit(actor=actor, action="integration_client.secret_rotated", target=client, data={"name": client.name})
    return IssuedClient(client=client, secret=secret)


@transaction.atomic
def integration_client_revoke(*, actor: User | None, client: IntegrationClient) -> IntegrationClient:
    """The client and every token it holds stop working at once; it stays listed, revoked,
    so the audit log keeps a name for what it did."""
    require(actor, "integration_client.manage")
    client = _locked(client)
    if client.is_revoked:
        return client
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at", "updated"])
    get_access_token_model().objects.filter(application=client).delete()
    User.objects.filter(pk=client.service_user_id).update(is_active=False, deactivated_at=client.revoked_at)
    audit(actor=actor, action="integration_client.revoked", target=client, data={"name": client.name})
    return client
