"""Signing Open Badges credentials with the district's own keys, and checking signatures.

Two proof formats, both in the Open Badges 3.0 specification:

- **VC-JWT** ("JSON Web Token Proof Format"), signed with PyJWT. The algorithm is the
  district's choice (`District.credential_signing_algorithm`): ES256 (P-256) by default,
  RS256 (RSA 2048), or EdDSA (Ed25519). 1EdTech's validator accepts only RS256 and ES256,
  and the specification names RS256 as the minimum an issuer supports; EdDSA stays for
  districts that chose it. JOSE header: exactly `alg`, `kid` and `typ` (`JWT`, the only
  value the spec permits). `kid` is the key's own URL, `/issuer/keys/<thumbprint>`, which
  serves that one JWK (what the validator dereferences); the thumbprint is RFC 7638's.
  Payload: the credential's own properties (VC 2.0: no `vc` claim) plus `iss` =
  `issuer.id`, `jti` = `id`, `nbf` = `validFrom`, `sub` = `credentialSubject.id`.
- **Data Integrity** (`DataIntegrityProof`, `eddsa-rdfc-2022`; `dataintegrity.py`),
  always with the district's Ed25519 key, whatever the JWT algorithm. Its
  `verificationMethod` is `<issuer profile id>#<thumbprint>`, a Multikey in the profile.

Each district has at most one active key per algorithm (`SigningKey`), made on first use;
private halves stay in the district's schema. Every key the district ever signed with,
active or retired, stays published: one JWK per key at its URL, all of them in the JWK
set at `/.well-known/jwks.json`, and as verification methods in the issuer profile, so
anyone can verify every credential the district signed. Tokens signed before per-key URLs
name their key as `/.well-known/jwks.json#<thumbprint>`; they still verify here and in
the JWK set, where the key is found by thumbprint.

Verification checks the signature with a key of this district (active or retired) and,
for JWT, that each claim matches the credential it wraps; a revoked credential still has
a valid signature, its status comes from the verification page and the API.
"""

import base64
import datetime
import hashlib
import json

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.audit import audit
from core.links import district_url
from pathways.credentials import dataintegrity
from pathways.models import SigningKey

ES256, RS256, EDDSA = "ES256", "RS256", "EdDSA"
ALGORITHMS = (ES256, RS256, EDDSA)
DEFAULT_ALGORITHM = ES256
# Kept for callers from before the algorithm was a district choice: the default.
ALGORITHM = DEFAULT_ALGORITHM
RSA_KEY_BITS = 2048
JWKS_PATH = "/.well-known/jwks.json"
ISSUER_PATH = "/issuer/"
# The JWT claims added around the credential; everything else in the payload is the credential.
JWT_CLAIMS = ("iss", "jti", "nbf", "sub", "exp", "iat")
# RFC 7638: the members of each key type that make its thumbprint.
THUMBPRINT_MEMBERS = {"OKP": ("crv", "kty", "x"), "EC": ("crv", "kty", "x", "y"), "RSA": ("e", "kty", "n")}


class CredentialSignatureError(Exception):
    """A token that is not a credential this district signed, with the reason in words."""


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 over the required members of the key, in lexical order."""
    members = THUMBPRINT_MEMBERS[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def jwks_url() -> str:
    return district_url(JWKS_PATH)


def issuer_id() -> str:
    """The issuer profile's address, also the controller of every key."""
    return district_url(ISSUER_PATH)


def key_uri(key: SigningKey) -> str:
    """The `kid` of a key in headers and in the JWK set: its own URL, serving that one JWK."""
    return district_url(reverse("pathways:signing-key", kwargs={"kid": key.kid}))


def verification_method_id(key: SigningKey) -> str:
    """The key as a verification method of the issuer profile (Data Integrity proofs)."""
    return f"{issuer_id()}#{key.kid}"


def district_algorithm() -> str:
    """The JWT algorithm this district chose (ES256 unless it chose otherwise)."""
    chosen = getattr(connection.tenant, "credential_signing_algorithm", None)
    return chosen if chosen in ALGORITHMS else DEFAULT_ALGORITHM


def _generate(algorithm: str):
    if algorithm == ES256:
        return ec.generate_private_key(ec.SECP256R1()), jwt.algorithms.ECAlgorithm
    if algorithm == RS256:
        return rsa.generate_private_key(
            public_exponent=65537, key_size=RSA_KEY_BITS
        ), jwt.algorithms.RSAAlgorithm
    if algorithm == EDDSA:
        return Ed25519PrivateKey.generate(), jwt.algorithms.OKPAlgorithm
    raise ValueError(f"Unsupported signing algorithm {algorithm!r}; one of {', '.join(ALGORITHMS)}.")


def _new_key(algorithm: str) -> SigningKey:
    private, jwa = _generate(algorithm)
    full = jwa.to_jwk(private.public_key(), as_dict=True)
    public_jwk = {name: full[name] for name in THUMBPRINT_MEMBERS[full["kty"]]}
    pem = private.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")
    return SigningKey(
        kid=jwk_thumbprint(public_jwk), algorithm=algorithm, private_key_pem=pem, public_jwk=public_jwk
    )


def signing_key_current(algorithm: str | None = None) -> SigningKey:
    """The district's active key for the algorithm (the district's JWT algorithm unless
    named), made on first use. Two first uses at once both try to insert; the
    one-active-key-per-algorithm constraint keeps one and the other reads it."""
    algorithm = algorithm or district_algorithm()
    key = SigningKey.objects.filter(algorithm=algorithm, retired_at__isnull=True).first()
    if key is not None:
        return key
    candidate = _new_key(algorithm)
    try:
        with transaction.atomic():
            candidate.save()
        return candidate
    except IntegrityError:
        return SigningKey.objects.get(algorithm=algorithm, retired_at__isnull=True)


@transaction.atomic
def signing_key_rotate() -> SigningKey:
    """Retire every active key and make new ones (after a suspected leak, or on a
    schedule): one for each algorithm that had an active key, and one for the district's
    JWT algorithm. Retired keys stay published, so everything they signed still verifies;
    what is signed from now on names the new keys. Returns the new JWT key."""
    active = SigningKey.objects.select_for_update().filter(retired_at__isnull=True)
    algorithms = {key.algorithm for key in active} | {district_algorithm()}
    active.update(retired_at=timezone.now())
    new = {}
    for algorithm in sorted(algorithms):
        key = new[algorithm] = _new_key(algorithm)
        key.save()
        audit(
            actor=None,
            action="signing_key.rotated",
            target=key,
            data={"kid": key.kid, "algorithm": algorithm},
        )
    return new[district_algorithm()]


def _published_keys():
    return SigningKey.objects.order_by(F("retired_at").desc(nulls_first=True), "-created_at", "-id")


def public_jwk(key: SigningKey) -> dict:
    """The public half of one key as a JWK, named by its own URL."""
    return {**key.public_jwk, "kid": key_uri(key), "alg": key.algorithm, "use": "sig"}


def public_jwks() -> dict:
    """Every key the district has signed with, active first: retired keys stay published
    so credentials signed before a rotation still verify."""
    return {"keys": [public_jwk(key) for key in _published_keys()]}


def signing_key_get_published(kid: str) -> SigningKey | None:
    """A key of this district by thumbprint, active or retired."""
    return SigningKey.objects.filter(kid=kid).first()


def verification_methods() -> list[dict]:
    """Every key as a verification method of the issuer profile (VC Data Integrity §2.2
    and the Controlled Identifiers vocabulary): Ed25519 as a Multikey, the others as a
    JsonWebKey."""
    controller = issuer_id()
    methods = []
    for key in _published_keys():
        method = {"id": verification_method_id(key), "controller": controller}
        if key.algorithm == EDDSA:
            public_key = jwt.algorithms.OKPAlgorithm.from_jwk(key.public_jwk)
            method |= {"type": "Multikey", "publicKeyMultibase": dataintegrity.ed25519_multikey(public_key)}
        else:
            method |= {"type": "JsonWebKey", "publicKeyJwk": dict(key.public_jwk)}
        methods.append(method)
    return methods


def _numeric_date(value: str) -> int:
    moment = parse_datetime(value)
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"Not a date-time with a time zone: {value!r}")
    return int(moment.timestamp())


def _jws(document: dict, key: SigningKey) -> str:
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
        algorithm=key.algorithm,
        headers={"kid": key_uri(key), "typ": "JWT"},
    )


def sign_credentials(documents: list[dict]) -> list[str]:
    """Each credential as a compact JWS signed with the district's active JWT key, the key
    read once for them all (a page of the Open Badges API)."""
    if not documents:
        return []
    key = signing_key_current()
    return [_jws(document, key) for document in documents]


def sign_credential(document: dict) -> str:
    """The credential as a compact JWS signed with the district's active JWT key."""
    return sign_credentials([document])[0]


def _thumbprint_in(reference: str) -> str:
    """The thumbprint a `kid` or verification method names: after `#` (the issuer
    profile's fragment, or the JWK set's in older tokens), else the last path segment."""
    if "#" in reference:
        return reference.rsplit("#", 1)[-1]
    return reference.rstrip("/").rsplit("/", 1)[-1]


def _key_for(header: dict) -> SigningKey:
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise CredentialSignatureError("The token does not name its key (no kid).")
    key = signing_key_get_published(_thumbprint_in(kid))
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
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise CredentialSignatureError(f"Unexpected signing algorithm {algorithm!r}.")
    key = _key_for(header)
    if key.algorithm != algorithm:
        raise CredentialSignatureError(f"The key it names signs with {key.algorithm}, not {algorithm}.")
    public = jwt.PyJWK({**key.public_jwk, "alg": key.algorithm})
    try:
        payload = jwt.decode(
            token,
            public.key,
            algorithms=[key.algorithm],
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


# --- Data Integrity (embedded proof) -------------------------------------------------------


def sign_credentials_data_integrity(documents: list[dict]) -> list[dict]:
    """Each credential with an eddsa-rdfc-2022 `DataIntegrityProof` by the district's active
    Ed25519 key, read once for them all. `created` is the credential's `validFrom`, so
    signing the same credential with the same key gives the same document (Ed25519
    signatures are deterministic)."""
    if not documents:
        return []
    key = signing_key_current(EDDSA)
    private = serialization.load_pem_private_key(key.private_key_pem.encode("ascii"), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    method = verification_method_id(key)
    return [
        dataintegrity.add_proof(document, private, verification_method=method, created=document["validFrom"])
        for document in documents
    ]


def sign_credential_data_integrity(document: dict) -> dict:
    """The credential with an eddsa-rdfc-2022 `DataIntegrityProof` by the district's active
    Ed25519 key."""
    return sign_credentials_data_integrity([document])[0]


def verify_credential_data_integrity(document: dict) -> dict:
    """The credential without its proof, once the proof checks out against a key of this
    district (active or retired); otherwise CredentialSignatureError saying why."""
    try:
        proof = dataintegrity.proof_of(document)
    except dataintegrity.DataIntegrityError as error:
        raise CredentialSignatureError(str(error)) from None
    method = proof["verificationMethod"]
    key = signing_key_get_published(_thumbprint_in(method)) if method.startswith(f"{issuer_id()}#") else None
    if key is None or key.algorithm != EDDSA:
        raise CredentialSignatureError("It was not signed with a key this district publishes.")
    try:
        dataintegrity.verify_proof(document, jwt.algorithms.OKPAlgorithm.from_jwk(key.public_jwk))
    except dataintegrity.DataIntegrityError as error:
        raise CredentialSignatureError(str(error)) from None
    return {name: value for name, value in document.items() if name != "proof"}
