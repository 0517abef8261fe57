"""Signed credentials (VC-JWT, EdDSA) verified with the district's published JWK set."""

import base64
import hashlib
import json
from io import StringIO

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone

from core.roles import Role
from pathways.credentials.openbadges import credential_document
from pathways.credentials.signing import (
    CredentialSignatureError,
    sign_credential,
    signing_key_current,
    verify_credential_jwt,
)
from pathways.models import SigningKey
from tests.factories import person
from tests.pathways.factories import earned_credential

pytestmark = pytest.mark.django_db


def published_keys(api, district=None) -> jwt.PyJWKSet:
    response = api(district=district).get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk-set+json"
    body = json.loads(response.content)
    assert all("d" not in key for key in body["keys"]), "never a private key"
    return jwt.PyJWKSet.from_dict(body)


def verify_with(keys: jwt.PyJWKSet, token: str) -> dict:
    kid = jwt.get_unverified_header(token)["kid"]
    return jwt.decode(token, keys[kid].key, algorithms=["EdDSA"], options={"verify_aud": False})


def _b64(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def test_signed_credential_verifies_with_the_published_jwk_set_signed_out(api):
    credential = earned_credential(person(Role.TEACHER))
    document = credential_document(credential)
    token = api().get(f"/credentials/{credential.public_id}/openbadge.jwt").content.decode()

    header = jwt.get_unverified_header(token)
    assert set(header) == {"alg", "kid", "typ"}, "Open Badges allows no other JOSE headers"
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    assert header["kid"] == f"http://riverside.localhost/.well-known/jwks.json#{signing_key_current().kid}"

    payload = verify_with(published_keys(api), token)
    assert payload["iss"] == document["issuer"]["id"]
    assert payload["jti"] == document["id"]
    assert payload["sub"] == document["credentialSubject"]["id"]
    assert payload["nbf"] == int(credential.issued_at.replace(microsecond=0).timestamp())
    assert "vc" not in payload
    assert {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "sub")} == document
    assert verify_credential_jwt(token) == document


def test_the_key_is_made_once_on_first_use_and_its_kid_is_the_jwk_thumbprint():
    assert not SigningKey.objects.exists()
    key = signing_key_current()
    assert signing_key_current() == key
    assert SigningKey.objects.count() == 1
    assert key.public_jwk["kty"] == "OKP" and key.public_jwk["crv"] == "Ed25519"
    assert jwt.PyJWK(key.public_jwk).key is not None, "a real Ed25519 public key"
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": key.public_jwk["x"]}, separators=(",", ":"))
    expected = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    assert key.kid == expected


def test_a_tampered_credential_fails_verification(api):
    credential = earned_credential(person(Role.TEACHER))
    token = sign_credential(credential_document(credential))
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Principal of the Year"
    forged = f"{header}.{_b64(claims)}.{signature}"

    with pytest.raises(jwt.InvalidSignatureError):
        verify_with(published_keys(api), forged)
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
        payload, key.private_key_pem, algorithm="EdDSA", headers={"kid": f"x#{key.kid}", "typ": "JWT"}
    )
    with pytest.raises(CredentialSignatureError, match="jti"):
        verify_credential_jwt(token)


def test_riverside_credential_does_not_verify_with_lakeviews_keys(api, lakeview, in_district):
    with in_district(lakeview):
        signing_key_current()
    credential = earned_credential(person(Role.TEACHER))
    token = sign_credential(credential_document(credential))
    lakeview_keys = published_keys(api, lakeview)
    assert lakeview_keys.keys, "lakeview publishes its own key"
    assert jwt.get_unverified_header(token)["kid"] not in {k.key_id for k in lakeview_keys.keys}
    for key in lakeview_keys.keys:
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token, key.key, algorithms=["EdDSA"], options={"verify_aud": False})
    with in_district(lakeview):
        with pytest.raises(CredentialSignatureError, match="not signed with a key this district publishes"):
            verify_credential_jwt(token)
        stranger = person(Role.TEACHER)
    response = api(stranger, district=lakeview).post(
        "/api/v1/credentials/verify/", {"jwt": token}, format="json"
    )
    assert response.json()["valid"] is False
    assert response.json()["signature_valid"] is False


def test_a_rotated_key_stays_published_and_keeps_verifying(api, riverside):
    credential = earned_credential(person(Role.TEACHER))
    old_token = sign_credential(credential_document(credential))
    old = signing_key_current()

    output = StringIO()
    call_command("rotate_signing_key", "--district", riverside.schema_name, stdout=output)

    new = signing_key_current()
    assert new != old and new.kid in output.getvalue()
    old.refresh_from_db()
    assert old.retired_at is not None
    keys = published_keys(api)
    assert [k.key_id.rsplit("#", 1)[1] for k in keys.keys] == [new.kid, old.kid]
    assert verify_with(keys, old_token)["jti"] == credential_document(credential)["id"]
    assert verify_credential_jwt(old_token) == credential_document(credential)
    assert jwt.get_unverified_header(sign_credential(credential_document(credential)))["kid"].endswith(
        new.kid
    )


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
