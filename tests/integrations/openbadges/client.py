"""A small OAuth 2.0 client of the Open Badges API, as a wallet would be: it registers itself
(RFC 7591), makes a PKCE pair (RFC 7636, S256), builds the authorization request and exchanges
the code. `send(method, path, data, headers)` is the transport: the Django test client on a
district's host, or real HTTP to the live server (browser tests)."""

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from integrations.oauth import OB_CREDENTIAL_READ, OB_PROFILE_READ

BOTH_SCOPES = f"{OB_CREDENTIAL_READ} {OB_PROFILE_READ}"


def metadata(redirect_uri: str, **changes) -> dict:
    """Registration metadata with every field the Open Badges API requires."""
    return {
        "client_name": "Backpack Wallet",
        "client_uri": "https://wallet.example.org/",
        "logo_uri": "https://wallet.example.org/logo.png",
        "tos_uri": "https://wallet.example.org/terms",
        "policy_uri": "https://wallet.example.org/privacy",
        "software_id": "c1b6f5e2-wallet",
        "software_version": "1.4.0",
        "redirect_uris": [redirect_uri],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": BOTH_SCOPES,
        **changes,
    }


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


@dataclass
class Wallet:
    client_id: str
    client_secret: str | None
    redirect_uri: str
    verifier: str = ""
    state: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    @classmethod
    def from_registration(cls, answer: dict) -> "Wallet":
        return cls(answer["client_id"], answer.get("client_secret"), answer["redirect_uris"][0])

    def authorization_path(self, scope: str = BOTH_SCOPES, *, pkce: bool = True) -> str:
        self.verifier, challenge = pkce_pair()
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": scope,
            "state": self.state,
        }
        if pkce:
            query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
        return "/oauth/authorize/?" + urlencode(query)

    def token_request(self, code: str) -> tuple[dict, dict]:
        """(form body, headers) of the code exchange."""
        body = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self.verifier,
            "client_id": self.client_id,
        }
        headers = {}
        if self.client_secret:
            raw = f"{self.client_id}:{self.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        return body, headers
