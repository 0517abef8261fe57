"""Signed credentials (VC-JWT): ES256 by default, RS256 or EdDSA by the district's choice.
PyJWT signs; the tests verify with joserfc, a different JOSE implementation, using only
what the district publishes: the one JWK at the address the token's `kid` names, and the
JWK set."""

import base64
import json
from io import StringIO

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone
from joserfc import jwk as jose_jwk
from joserfc import jwt as jose_jwt
from joserfc.errors import BadSignatureError

from core.roles import Role
from pathways.credentials.openbadges import credential_document
from pathways.credentials.signing import (
    CredentialSignatureError,
    jwks_url,
    sign_credential,
    signing_key_current,
    verify_credential_jwt,
)
from pathways.models import SigningKey
from tests.factories import person
from tests.pathways.factories import earned_credential

pytestmark = [
    pytest.mark.django_db,
    # RFC 9864 deprecates the polymorphic "EdDSA" for "Ed25519"; Open Badges wallets and
    # the districts that chose it know it as EdDSA, so that is the name we sign with.
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated via RFC 9864"),
]

HOST = "http://riverside.localhost"
# RFC 7638 members by key type, the curve or size each algorithm must use.
KEY_SHAPE = {"ES256": ("EC", "P-256"), "RS256": ("RSA", None), "EdDSA": ("OKP", "Ed25519")}


def published_set(api, district=None) -> jose_jwk.KeySet:
    response = api(district=district).get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk-set+json"
    body = json.loads(response.content)
    assert all("d" not in key and "p" not in key for key in body["keys"]), "never a private key"
    return jose_jwk.KeySet.import_key_set(body)


def dereference_kid(api, token: str):
    """What 1EdTech's validator does: fetch the `kid` URL and expect exactly one JWK."""
    kid = jwt.get_unverified_header(token)["kid"]
    assert kid.startswith(f"{HOST}/issuer/keys/")
    response = api().get(kid.removeprefix(HOST))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert "keys" not in body and body["kid"] == kid, "one JWK, not a set"
    assert "d" not in body and "p" not in body, "never a private key"
    return jose_jwk.JWKRegistry.import_key(body), body


def joserfc_verify(token: str, key, algorithm: str) -> dict:
    return jose_jwt.decode(token, key, algorithms=[algorithm]).claims


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def test_es256_is_the_default_and_verifies_elsewhere_with_the_one_jwk_its_kid_names(api):
    credential = earned_credential(person(Role.TEACHER))
    document = credential_document(credential)
    token = api().get(f"/credentials/{credential.public_id}/openbadge.jwt").content.decode()

    header = jwt.get_unverified_header(token)
    assert set(header) == {"alg", "kid", "typ"}, "Open Badges allows no other JOSE headers"
    assert header["alg"] == "ES256" and header["typ"] == "JWT"
    assert header["kid"] == f"{HOST}/issuer/keys/{signing_key_current().kid}"

    key, jwk_body = dereference_kid(api, token)
    assert jwk_body["kty"] == "EC" and jwk_body["crv"] == "P-256" and jwk_body["alg"] == "ES256"
    payload = joserfc_verify(token, key, "ES256")
    assert payload["iss"] == document["issuer"]["id"]
    assert payload["jti"] == document["id"]
    assert payload["sub"] == document["credentialSubject"]["id"]
    assert payload["nbf"] == int(credential.issued_at.replace(microsecond=0).timestamp())
    assert "vc" not in payload
    assert {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "sub")} == document
    assert verify_credential_jwt(token) == document


@pytest.mark.parametrize("algorithm", ["ES256", "RS256", "EdDSA"])
def test_each_algorithm_the_district_may_choose_signs_and_verifies_independently(
    api, signing_algorithm, algorithm
):
    signing_algorithm(algorithm)
    credential = earned_credential(person(Role.TEACHER))
    token = sign_credential(credential_document(credential))
    assert jwt.get_unverified_header(token)["alg"] == algorithm

    key = signing_key_current()
    kty, crv = KEY_SHAPE[algorithm]
    assert key.algorithm == algorithm and key.public_jwk["kty"] == kty and key.public_jwk.get("crv") == crv
    if algorithm == "RS256":
        modulus = base64.urlsafe_b64decode(key.public_jwk["n"] + "==")
        assert len(modulus) * 8 == 2048
    single, _ = dereference_kid(api, token)
    assert key.kid == single.thumbprint(), "the kid is the RFC 7638 thumbprint (joserfc computes it)"
    assert joserfc_verify(token, single, algorithm)["jti"] == credential_document(credential)["id"]
    assert (
        joserfc_verify(token, published_set(api), algorithm)["jti"] == credential_document(credential)["id"]
    )
    assert verify_credential_jwt(token) == credential_document(credential)


def test_the_key_is_made_once_on_first_use():
    assert not SigningKey.objects.exists()
    key = signing_key_current()
    assert signing_key_current() == key
    assert SigningKey.objects.count() == 1


def test_an_unknown_key_address_is_404(api):
    assert api().get("/issuer/keys/no-such-key").status_code == 404


def test_a_tampered_credential_fails_verification(api):
    credential = earned_credential(person(Role.TEACHER))
    token = sign_credential(credential_document(credential))
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Principal of the Year"
    forged = f"{header}.{_b64(claims)}.{signature}"

    with pytest.raises(BadSignatureError):
        joserfc_verify(forged, published_set(api), "ES256")
    with pytest.raises(CredentialSignatureError, match="altered"):
        verify_credential_jwt(forged)

    response = api(person(Role.TEACHER)).post("/api/v1/credentials/verify/", {"jwt": forged}, format="json")
    assert response.status_code == 200
    assert response.json()["valid"] is False
    assert response.json()["signature_valid"] is False
    assert "altered" in response.json()["reason"]


def test_claims_that_disagree_with_the_credential_fail_even_when_signed():
    credential = earned_credential(person(Role.TEACHER))
    document = credential_document(credential)
    key = signing_key_current()
    payload = {**document, "iss": document["issuer"]["id"], "jti": "urn:uuid:someone-else",
               "nbf": int(timezone.now().timestamp()) - 5, "sub": document["credentialSubject"]["id"]}  # fmt: skip
    token = jwt.encode(
        payload, key.private_key_pem, algorithm="ES256", headers={"kid": f"x#{key.kid}", "typ": "JWT"}
    )
    with pytest.raises(CredentialSignatureError, match="jti"):
        verify_credential_jwt(token)


def test_a_header_naming_another_algorithm_than_its_key_is_refused(signing_algorithm):
    credential = earned_credential(person(Role.TEACHER))
    es256 = signing_key_current()
    signing_algorithm("EdDSA")
    eddsa = signing_key_current()
    document = credential_document(credential)
    payload = {**document, "iss": document["issuer"]["id"], "jti": document["id"],
               "nbf": int(timezone.now().timestamp()) - 5, "sub": document["credentialSubject"]["id"]}  # fmt: skip
    token = jwt.encode(
        payload, eddsa.private_key_pem, algorithm="EdDSA", headers={"kid": es256.kid, "typ": "JWT"}
    )
    with pytest.raises(CredentialSignatureError, match="signs with ES256, not EdDSA"):
        verify_credential_jwt(token)
    hs256 = jwt.encode(
        payload, "a shared secret of enough length!", algorithm="HS256", headers={"kid": es256.kid}
    )
    with pytest.raises(CredentialSignatureError, match="Unexpected signing algorithm 'HS256'"):
        verify_credential_jwt(hs256)


def test_riverside_credential_does_not_verify_with_lakeviews_keys(api, lakeview, in_district):
    with in_district(lakeview):
        signing_key_current()
    credential = earned_credential(person(Role.TEACHER))
    token = sign_credential(credential_document(credential))
    lakeview_keys = published_set(api, lakeview)
    assert lakeview_keys.keys, "lakeview publishes its own key"
    assert jwt.get_unverified_header(token)["kid"] not in {k.kid for k in lakeview_keys.keys}
    for key in lakeview_keys.keys:
        with pytest.raises(BadSignatureError):
            joserfc_verify(token, key, "ES256")
    with in_district(lakeview):
        with pytest.raises(CredentialSignatureError, match="not signed with a key this district publishes"):
            verify_credential_jwt(token)
        stranger = person(Role.TEACHER)
    response = api(stranger, district=lakeview).post(
        "/api/v1/credentials/verify/", {"jwt": token}, format="json"
    )
    assert response.json()["valid"] is False
    assert response.json()["signature_valid"] is False
    kid_path = jwt.get_unverified_header(token)["kid"].removeprefix(HOST)
    assert api(district=lakeview).get(kid_path).status_code == 404, "riverside's key is not lakeview's"


def test_a_rotated_key_stays_published_at_its_address_and_keeps_verifying(api, riverside):
    credential = earned_credential(person(Role.TEACHER))
    old_token = sign_credential(credential_document(credential))
    old = signing_key_current()

    output = StringIO()
    call_command("rotate_signing_key", "--district", riverside.schema_name, stdout=output)

    new = signing_key_current()
    assert new != old and new.kid in output.getvalue()
    old.refresh_from_db()
    assert old.retired_at is not None
    keys = published_set(api)
    assert [k.kid for k in keys.keys] == [f"{HOST}/issuer/keys/{new.kid}", f"{HOST}/issuer/keys/{old.kid}"]
    retired, _ = dereference_kid(api, old_token)
    assert joserfc_verify(old_token, retired, "ES256")["jti"] == credential_document(credential)["id"]
    assert verify_credential_jwt(old_token) == credential_document(credential)
    assert jwt.get_unverified_header(sign_credential(credential_document(credential)))["kid"].endswith(
        f"/issuer/keys/{new.kid}"
    )


def test_eddsa_credentials_signed_before_the_switch_to_es256_keep_verifying(api, signing_algorithm):
    """Tokens from before this change: EdDSA, `kid` = the JWK set's URL and thumbprint."""
    signing_algorithm("EdDSA")
    credential = earned_credential(person(Role.TEACHER))
    document = credential_document(credential)
    legacy = signing_key_current()
    payload = {**document, "iss": document["issuer"]["id"], "jti": document["id"],
               "nbf": int(credential.issued_at.timestamp()), "sub": document["credentialSubject"]["id"]}  # fmt: skip
    old_token = jwt.encode(
        payload, legacy.private_key_pem, algorithm="EdDSA",
        headers={"kid": f"{jwks_url()}#{legacy.kid}", "typ": "JWT"},
    )  # fmt: skip

    signing_algorithm("ES256")
    new_token = sign_credential(document)
    assert jwt.get_unverified_header(new_token)["alg"] == "ES256"
    assert verify_credential_jwt(old_token) == document
    assert verify_credential_jwt(new_token) == document
    keys = published_set(api)
    eddsa = next(key for key in keys.keys if key.kid.endswith(legacy.kid))
    assert joserfc_verify(old_token, eddsa, "EdDSA")["jti"] == document["id"]
    assert api().get(f"/issuer/keys/{legacy.kid}").status_code == 200


def test_verify_endpoint_reports_signature_and_current_status(api):
    holder = person(Role.TEACHER)
    credential = earned_credential(holder)
    token = sign_credential(credential_document(credential))
    client = api(person(Role.COACH))
    answer = client.post("/api/v1/credentials/verify/", {"jwt": token}, format="json").json()
    assert answer["valid"] is True and answer["signature_valid"] is True and answer["reason"] is None
    assert answer["credential"]["status"] == "valid"
    assert answer["document"]["id"].endswith(f"/credentials/{credential.public_id}/")

    from pathways.credentials.services import credential_revoke

    credential_revoke(
        actor=person(Role.DISTRICT_ADMIN), credential=credential, reason="Plagiarised evidence."
    )
    answer = client.post("/api/v1/credentials/verify/", {"jwt": token}, format="json").json()
    assert answer["valid"] is False and answer["signature_valid"] is True
    assert answer["credential"]["status"] == "revoked"
    assert "Plagiarised evidence." in answer["reason"]


@pytest.mark.parametrize("token", ["not-a-token", "a.b.c", ""])
def test_verify_endpoint_explains_garbage_without_an_error(api, token):
    response = api(person(Role.TEACHER)).post("/api/v1/credentials/verify/", {"jwt": token}, format="json")
    if token == "":
        assert response.status_code == 400
        assert "jwt" in response.json()["error"]["fields"]
        return
    assert response.status_code == 200
    assert response.json()["valid"] is False and response.json()["reason"]


def test_verify_endpoint_needs_sign_in(api):
    assert api().post("/api/v1/credentials/verify/", {"jwt": "x"}, format="json").status_code == 401
