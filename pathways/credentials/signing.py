"""Signing Open Badges credentials with the district's own key, and checking signatures.

Each district has one active Ed25519 key (`SigningKey`), made on first use. Its private
half stays in the district's schema; the public halves of the active key and of every
retired one are published as a JWK set at `/.well-known/jwks.json` on the district's
host, so anyone can verify a credential the district ever signed.

The proof format is the Open Badges 3.0 "JSON Web Token Proof Format" (VC-JWT), chosen
over the W3C VC-JOSE-COSE profile because Open Badges verifiers expect it:

- JOSE header: exactly `alg`, `kid` and `typ`. `alg` is `EdDSA` (Ed25519; the spec allows
  algorithms beyond its RS256 minimum). `kid` is a URI that dereferences to the key: the
  JWK set's URL with the key's RFC 7638 thumbprint as fragment; the JWK in the set carries
  the same `kid`. `typ` is `JWT`, the only value the spec permits.
- JWT payload: the credential's own properties (VC 2.0 puts the credential itself in the
  payload, so no `vc` claim), plus the registered claims the spec requires: `iss` =
  `issuer.id`, `jti` = `id`, `nbf` = `validFrom`, `sub` = `credentialSubject.id`.

Verification checks the signature with a key of this district (active or retired) and
that each claim matches the credential it wraps; a revoked credential still has a valid
signature, its status comes from the verification page and the API.
"""

import base64
import datetime
import hashlib
import json

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.audit import audit
from core.links import district_url
from pathways.models import SigningKey

ALGORITHM = "EdDSA"
JWKS_PATH = "/.well-known/jwks.json"
# The JWT claims added around the credential; everything else in the payload is the credential.
JWT_CLAIMS = ("iss", "jti", "nbf", "sub", "exp", "iat")


class CredentialSignatureError(Exception):
    """A token that is not a credential this district signed, with the reason in words."""


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 over the required members of an OKP key, in lexical order."""
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def jwks_url() -> str:
    return district_url(JWKS_PATH)


def key_uri(key: SigningKey) -> str:
    """The `kid` of a key in headers and in the JWK set: where to fetch it, and which one."""
    return f"{jwks_url()}#{key.kid}"


def _new_key() -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw_public = private.public_key().public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    public_jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw_public)}
    pem = private.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")
    return SigningKey(
        kid=jwk_thumbprint(public_jwk), algorithm=ALGORITHM, private_key_pem=pem, public_jwk=public_jwk
    )


def signing_key_current() -> SigningKey:
    """The district's active signing key, made on first use. Two first uses at once both
    try to insert; the one-active-key constraint keeps one and the other reads it."""
    key = SigningKey.objects.filter(algorithm=ALGORITHM, retired_at__isnull=True).first()
    if key is not None:
        return key
    candidate = _new_key()
    try:
        with transaction.atomic():
            candidate.save()
        return candidate
    except IntegrityError:
        return SigningKey.objects.get(algorithm=ALGORITHM, retired_at__isnull=True)


@transaction.atomic
def signing_key_rotate() -> SigningKey:
    """Retire the active key and make a new one (after a suspected leak, or on a schedule).
    The retired key stays in the JWK set, so everything it signed still verifies; what is
    signed from now on carries the new key's `kid`."""
    SigningKey.objects.select_for_update().filter(algorithm=ALGORITHM, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    key = _new_key()
    key.save()
    audit(actor=None, action="signing_key.rotated", target=key, data={"kid": key.kid})
    return key


def public_jwks() -> dict:
    """Every key the district has signed with, active first: retired keys stay published
    so credentials signed before a rotation still verify."""
    keys = SigningKey.objects.order_by(F("retired_at").desc(nulls_first=True), "-created_at", "-id")
    base = jwks_url()
    return {
        "keys": [
            {**key.public_jwk, "kid": f"{base}#{key.kid}", "alg": key.algorithm, "use": "sig"} for key in keys
        ]
    }


def _numeric_date(value: str) -> int:
    moment = parse_datetime(value)
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"Not a date-time with a time zone: {value!r}")
    return int(moment.timestamp())


def sign_credential(document: dict) -> str:
    """The credential as a compact JWS signed with the district's active key."""
    key = signing_key_current()
    payload = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": _numeric_date(document["validFrom"]),
        "sub": document["credentialSubject"]["id"],
    }
    return jwt.encode(
        payload,
        key.private_key_pem,
        algorithm=ALGORITHM,
        headers={"kid": key_uri(key), "typ": "JWT"},
    )


def _key_for(header: dict) -> SigningKey:
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise CredentialSignatureError("The token does not name its key (no kid).")
    thumbprint = kid.rsplit("#", 1)[-1]
    key = SigningKey.objects.filter(kid=thumbprint).first()
    if key is None:
        raise CredentialSignatureError("It was not signed with a key this district publishes.")
    return key


def verify_credential_jwt(token: str) -> dict:
    """The credential inside a compact JWS, once its signature and claims check out;
    otherwise CredentialSignatureError saying why."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise CredentialSignatureError("This is not a signed credential (a compact JWS).") from None
    if header.get("alg") != ALGORITHM:
        raise CredentialSignatureError(f"Unexpected signing algorithm {header.get('alg')!r}.")
    key = _key_for(header)
    public = jwt.PyJWK({**key.public_jwk, "alg": ALGORITHM})
    try:
        payload = jwt.decode(
            token,
            public.key,
            algorithms=[ALGORITHM],
            options={"require": ["iss", "jti", "nbf", "sub"], "verify_aud": False},
            leeway=datetime.timedelta(seconds=60),
        )
    except jwt.InvalidSignatureError:
        raise CredentialSignatureError("The signature does not match: the credential was altered.") from None
    except jwt.ImmatureSignatureError:
        raise CredentialSignatureError("The credential is not valid yet (nbf is in the future).") from None
    except jwt.InvalidTokenError as error:
        raise CredentialSignatureError(f"The token is not a valid credential: {error}.") from None
    document = {name: value for name, value in payload.items() if name not in JWT_CLAIMS}
    _check_claims(payload, document)
    return document


def _check_claims(payload: dict, document: dict) -> None:
    """The Open Badges rules tying the JWT claims to the credential they wrap."""
    try:
        expected = {
            "iss": document["issuer"]["id"],
            "jti": document["id"],
            "sub": document["credentialSubject"]["id"],
            "nbf": _numeric_date(document["validFrom"]),
        }
    except (KeyError, TypeError, ValueError):
        raise CredentialSignatureError("The payload is not an Open Badges credential.") from None
    for claim, value in expected.items():
        if payload[claim] != value:
            raise CredentialSignatureError(f"The {claim} claim does not match the credential.")
