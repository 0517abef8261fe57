"""Dynamic client registration (RFC 7591) as the Open Badges API 3.0 asks of a resource
server: an app describes itself and gets a client id (and, unless it is public, a secret shown
once). The answer and the errors are RFC 7591's; each error names the field it is about."""

import ipaddress
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from oauth2_provider.generators import generate_client_secret

from core.audit import audit
from integrations.models import IntegrationClient
from integrations.oauth import OB_SCOPE_DESCRIPTIONS

URL_FIELDS = ("client_uri", "logo_uri", "tos_uri", "policy_uri")
TEXT_FIELDS = {"client_name": 100, "software_id": 200, "software_version": 50}
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
GRANT_TYPES = ("authorization_code", "refresh_token")
MAX_REDIRECT_URIS = 10
MAX_URL = 500
LOOPBACK_NAMES = ("localhost",)
# What the app told about itself, kept for the consent page and the holder's list.
REGISTRATION_FIELDS = (*URL_FIELDS, "software_id", "software_version", "contacts")


class RegistrationError(Exception):
    """An RFC 7591 error: `invalid_client_metadata` or `invalid_redirect_uri`, about `field`."""

    def __init__(self, field: str, description: str, error: str = "invalid_client_metadata"):
        super().__init__(description)
        self.field, self.description, self.error = field, description, error

    def body(self) -> dict:
        return {"error": self.error, "error_description": f"{self.field}: {self.description}"}


@dataclass
class RegisteredApp:
    client: IntegrationClient
    secret: str | None  # None for a public client; otherwise shown this once
    metadata: dict


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url(field: str, value, *, error: str = "invalid_client_metadata") -> str:
    """An absolute https URL (plain http only on the loopback address: an app on the
    holder's own machine, RFC 8252), without a fragment."""
    if not isinstance(value, str) or not value.strip():
        raise RegistrationError(field, "required: an absolute https URL.", error)
    value = value.strip()
    if len(value) > MAX_URL:
        raise RegistrationError(field, f"at most {MAX_URL} characters.", error)
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        raise RegistrationError(field, f"{value[:80]!r} is not an absolute URL.", error) from None
    parts = urlsplit(value)
    if parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        raise RegistrationError(field, "must use https (http only on the loopback address).", error)
    if parts.fragment:
        raise RegistrationError(field, "must not have a fragment.", error)
    return value


def _text(field: str, value, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegistrationError(field, "required: a non-empty string.")
    if len(value.strip()) > limit:
        raise RegistrationError(field, f"at most {limit} characters.")
    return value.strip()


def _string_list(field: str, value, allowed: tuple[str, ...]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RegistrationError(field, "must be an array of strings.")
    unknown = [item for item in value if item not in allowed]
    if unknown:
        supported = ", ".join(allowed)
        raise RegistrationError(field, f"unsupported: {', '.join(unknown)[:200]} (supported: {supported}).")
    return list(dict.fromkeys(value))


def _clean(metadata) -> dict:
    if not isinstance(metadata, dict):
        raise RegistrationError("body", "must be a JSON object of client metadata.")
    cleaned = {field: _text(field, metadata.get(field), limit) for field, limit in TEXT_FIELDS.items()}
    cleaned.update({field: _url(field, metadata.get(field)) for field in URL_FIELDS})
    uris = metadata.get("redirect_uris")
    if not isinstance(uris, list) or not uris:
        message = "required: an array of redirection URLs."
        raise RegistrationError("redirect_uris", message, "invalid_redirect_uri")
    if len(uris) > MAX_REDIRECT_URIS:
        raise RegistrationError("redirect_uris", f"at most {MAX_REDIRECT_URIS}.", "invalid_redirect_uri")
    cleaned["redirect_uris"] = list(
        dict.fromkeys(_url("redirect_uris", uri, error="invalid_redirect_uri") for uri in uris)
    )
    method = metadata.get("token_endpoint_auth_method", "client_secret_basic")
    if method not in AUTH_METHODS:
        raise RegistrationError("token_endpoint_auth_method", f"one of {', '.join(AUTH_METHODS)}.")
    cleaned["token_endpoint_auth_method"] = method
    grants = _string_list("grant_types", metadata.get("grant_types", list(GRANT_TYPES)), GRANT_TYPES)
    if "authorization_code" not in grants:
        raise RegistrationError("grant_types", "must include authorization_code.")
    cleaned["grant_types"] = grants
    responses = metadata.get("response_types", ["code"])
    cleaned["response_types"] = _string_list("response_types", responses, ("code",))
    if not cleaned["response_types"]:
        raise RegistrationError("response_types", "must include code.")
    requested = metadata.get("scope", " ".join(OB_SCOPE_DESCRIPTIONS))
    if not isinstance(requested, str):
        raise RegistrationError("scope", "must be a string of space-separated scopes.")
    # RFC 7591 §2: the server may grant fewer scopes than asked; it says which in its answer.
    granted = [scope for scope in OB_SCOPE_DESCRIPTIONS if scope in requested.split()]
    if not granted:
        offered = " ".join(OB_SCOPE_DESCRIPTIONS)
        raise RegistrationError("scope", f"none of the requested scopes is offered (offered: {offered}).")
    cleaned["scope"] = " ".join(granted)
    contacts = metadata.get("contacts")
    if contacts is not None:
        if not isinstance(contacts, list) or not all(isinstance(c, str) and len(c) <= 200 for c in contacts):
            raise RegistrationError("contacts", "must be an array of strings.")
        cleaned["contacts"] = contacts[:10]
    return cleaned


@transaction.atomic
def holder_app_register(*, metadata) -> RegisteredApp:
    """Register a holder's app from its RFC 7591 metadata. Required, as the Open Badges API
    says: client_name, client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version,
    redirect_uris. `token_endpoint_auth_method: none` makes a public client (no secret; PKCE
    protects its codes, as it does every app's). Audited; nobody acts, so the actor is empty."""
    cleaned = _clean(metadata)
    public = cleaned["token_endpoint_auth_method"] == "none"
    secret = None if public else generate_client_secret()
    client = IntegrationClient(
        name=cleaned["client_name"],
        client_type=IntegrationClient.CLIENT_PUBLIC if public else IntegrationClient.CLIENT_CONFIDENTIAL,
        authorization_grant_type=IntegrationClient.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(cleaned["redirect_uris"]),
        scopes=cleaned["scope"].split(),
        registration={key: cleaned[key] for key in REGISTRATION_FIELDS if key in cleaned},
        skip_authorization=False,
    )
    # A public client's stored secret is random and never told to anyone.
    client.client_secret = secret or generate_client_secret()
    client.save()
    audit(
        actor=None,
        action="holder_app.registered",
        target=client,
        data={
            "client_name": client.name,
            "software_id": cleaned["software_id"],
            "redirect_uris": cleaned["redirect_uris"],
            "scope": cleaned["scope"],
        },
    )
    answer = {
        "client_id": client.client_id,
        "client_id_issued_at": int(time.time()),
        **cleaned,
    }
    if secret:
        answer["client_secret"] = secret
        answer["client_secret_expires_at"] = 0  # never
    return RegisteredApp(client=client, secret=secret, metadata=answer)
