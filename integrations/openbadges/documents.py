"""What the Open Badges API answers with: the holder's credentials signed in either proof
format, the holder's profile, and the service description document (the API's discovery
endpoint)."""

from django.db import connection
from django.urls import reverse

from core.links import district_url
from integrations.oauth import OB_CREDENTIAL_READ, OB_PROFILE_READ
from pathways.credentials.openbadges import credential_document, subject_id
from pathways.credentials.signing import sign_credentials, sign_credentials_data_integrity
from pathways.models import Credential

API_PATH = "/ims/ob/v3p0"
# getCredentials' `proofFormat` (Lodestar's; the specification lets the server choose): the
# two proof formats Open Badges 3.0 defines, VC-JWT by default.
JWT, DATA_INTEGRITY = "jwt", "data-integrity"
PROOF_FORMATS = (JWT, DATA_INTEGRITY)
# The official OpenAPI's descriptions of the scopes, as the service description repeats them.
SCOPE_DESCRIPTIONS = {
    OB_CREDENTIAL_READ: "Permission to read AchievementCredentials for the authenticated entity.",
    OB_PROFILE_READ: "Permission to read the profile for the authenticated entity.",
}


def credentials_body(credentials: list[Credential], proof_format: str = JWT) -> dict:
    """A getCredentials body: each credential once, in the proof format the client asked for:
    VC-JWTs in `compactJwsString` (the default), or documents with an embedded Data
    Integrity proof in `credential`. Each format's key is read once for the page."""
    documents = [credential_document(credential) for credential in credentials]
    if proof_format == DATA_INTEGRITY:
        return {"credential": sign_credentials_data_integrity(documents)}
    return {"compactJwsString": sign_credentials(documents)}


def holder_profile(person) -> dict:
    """The holder as an Open Badges Profile. Its `id` is the one their credentials name as
    their subject, so a host can match the two."""
    return {
        "id": subject_id(person),
        "type": ["Profile"],
        "name": person.full_name,
        "givenName": person.first_name,
        "familyName": person.last_name,
        "email": person.email,
    }


def service_description() -> dict:
    """The Service Description Document (OB 3.0 API, getServiceDescription): the official
    OpenAPI profiled down to what the district offers, with its own addresses."""
    district = connection.tenant
    error = {"description": "An error.", "content": {"application/json": {"schema": {"type": "object"}}}}
    return {
        "openapi": "3.0.1",
        "info": {
            "title": f"{district.name} (Lodestar)",
            "description": "Educators take the credentials they earned here anywhere.",
            "version": "3.0",
            "termsOfService": district_url("/"),
            "x-imssf-privacyPolicyUrl": district_url("/"),
        },
        "servers": [{"url": district_url(API_PATH)}],
        "tags": [{"name": "OpenBadgeCredentials"}, {"name": "Profile"}, {"name": "Discovery"}],
        "paths": {
            "/credentials": {
                "get": {
                    "tags": ["OpenBadgeCredentials"],
                    "operationId": "getCredentials",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                        {
                            "name": "proofFormat",
                            "in": "query",
                            "description": "jwt (compactJwsString, the default) or data-integrity "
                            "(credential, with an eddsa-rdfc-2022 DataIntegrityProof).",
                            "schema": {"type": "string", "enum": list(PROOF_FORMATS), "default": JWT},
                        },
                    ],
                    "responses": {"200": {"description": "The holder's credentials."}, "default": error},
                    "security": [{"OAuth2ACG": [OB_CREDENTIAL_READ]}],
                }
            },
            "/profile": {
                "get": {
                    "tags": ["Profile"],
                    "operationId": "getProfile",
                    "responses": {"200": {"description": "The holder's profile."}, "default": error},
                    "security": [{"OAuth2ACG": [OB_PROFILE_READ]}],
                }
            },
            "/discovery": {
                "get": {
                    "tags": ["Discovery"],
                    "operationId": "getServiceDescription",
                    "responses": {"200": {"description": "This document."}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "OAuth2ACG": {
                    "type": "oauth2",
                    "description": "OAuth 2.0 authorization code grant with PKCE; register first (RFC 7591).",
                    "x-imssf-registrationUrl": district_url(reverse("integrations:register")),
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": district_url(reverse("integrations:authorize")),
                            "tokenUrl": district_url(reverse("integrations:token")),
                            "refreshUrl": district_url(reverse("integrations:token")),
                            "scopes": dict(SCOPE_DESCRIPTIONS),
                        }
                    },
                }
            }
        },
    }
