"""Everything Lodestar emits for Open Badges, against 1EdTech's official JSON Schemas
(copies in official/, checked unchanged against shared/standards/ob3/), and through
JSON-LD expansion: no member may be dropped for want of a defining context (what safe mode
refuses). The Data Integrity proof is verified here by a path that shares no crypto with
the signer: pyld canonicalises, hashlib hashes, PyNaCl (libsodium) checks the Ed25519
signature with the key read from the issuer profile as served."""

import copy
import json
from io import StringIO
from pathlib import Path

import jwt
import nacl.exceptions
import nacl.signing
import pytest
from django.core.management import call_command
from jsonschema import Draft201909Validator, FormatChecker
from pyld import jsonld

from core.roles import Role
from pathways.credentials.jsonld import document_loader, dropped_terms
from pathways.credentials.openbadges import credential_document, issuer_profile
from pathways.credentials.signing import (
    CredentialSignatureError,
    sign_credential,
    sign_credential_data_integrity,
    signing_key_current,
    verify_credential_data_integrity,
    verify_credential_jwt,
)
from tests.factories import person
from tests.pathways.credentials.independent import independent_verify
from tests.pathways.credentials.test_openbadges import pathway_credential
from tests.pathways.factories import competency, earned_credential

pytestmark = pytest.mark.django_db

OFFICIAL = Path(__file__).parent / "official" / "schema"
CREDENTIAL_SCHEMA = Draft201909Validator(
    json.loads((OFFICIAL / "achievementcredential.json").read_text()), format_checker=FormatChecker()
)
PROFILE_SCHEMA = Draft201909Validator(
    json.loads((OFFICIAL / "profile.json").read_text()), format_checker=FormatChecker()
)
HOST = "http://riverside.localhost"


def official_errors(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def members(node) -> int:
    """Property members of a compacted document: every key but `@context` and the
    keyword aliases `id` and `type`. Expansion must keep each of them."""
    if isinstance(node, list):
        return sum(members(item) for item in node)
    if isinstance(node, dict):
        return sum(
            (key not in ("id", "type")) + members(value) for key, value in node.items() if key != "@context"
        )
    return 0


def expanded_members(node) -> int:
    """The same count over the expanded form: keys that are IRIs; keywords (`@id`,
    `@type`, `@value`, `@graph`...) are not members but are looked into, except that a
    @json literal (publicKeyJwk) holds its JSON members as they were given."""
    if isinstance(node, list):
        return sum(expanded_members(item) for item in node)
    if not isinstance(node, dict):
        return 0
    if "@value" in node:
        return members(node["@value"]) if node.get("@type") == "@json" else 0
    return sum((not key.startswith("@")) + expanded_members(value) for key, value in node.items())


def assert_nothing_dropped(document):
    assert dropped_terms(document) == []
    expanded = jsonld.expand(copy.deepcopy(document), {"documentLoader": document_loader})
    assert expanded_members(expanded) == members(document)


def all_documents():
    holder = person(Role.TEACHER)
    micro = earned_credential(holder)
    pathway = pathway_credential(holder)
    aligned = pathway_credential(person(Role.TEACHER))
    aligned.pathway.competency = competency(index=1)
    aligned.pathway.save()
    return {
        "micro-credential": credential_document(micro),
        "pathway": credential_document(pathway),
        "aligned-pathway": credential_document(aligned),
    }


def test_every_generated_credential_passes_the_official_schema_in_every_form():
    for name, document in all_documents().items():
        assert official_errors(CREDENTIAL_SCHEMA, document) == [], name
        payload = jwt.decode(sign_credential(document), options={"verify_signature": False})
        assert official_errors(CREDENTIAL_SCHEMA, payload) == [], f"{name} as a JWT payload"
        signed = sign_credential_data_integrity(document)
        assert official_errors(CREDENTIAL_SCHEMA, signed) == [], f"{name} with its proof"


def test_the_official_schema_can_fail():
    document = all_documents()["micro-credential"]
    broken = {**document, "proof": document.get("proof", {"type": "DataIntegrityProof"})}
    assert official_errors(CREDENTIAL_SCHEMA, broken), "a proof object, not an array, is refused"
    assert official_errors(CREDENTIAL_SCHEMA, {k: v for k, v in document.items() if k != "issuer"})


def test_every_generated_credential_expands_without_dropping_a_member():
    for name, document in all_documents().items():
        assert_nothing_dropped(document), name
        assert_nothing_dropped(sign_credential_data_integrity(document)), name


@pytest.mark.parametrize("algorithms", [["ES256"], ["ES256", "RS256", "EdDSA"]])
def test_the_issuer_profile_passes_the_official_schema_and_keeps_every_member(algorithms):
    for algorithm in algorithms:
        signing_key_current(algorithm)
    profile = issuer_profile()
    assert official_errors(PROFILE_SCHEMA, profile) == []
    assert_nothing_dropped(profile)
    types = sorted(method["type"] for method in profile["verificationMethod"])
    assert types == sorted("Multikey" if a == "EdDSA" else "JsonWebKey" for a in algorithms)


def test_the_member_count_check_catches_a_dropped_term():
    profile = {**issuer_profile(), "publicKeys": f"{HOST}/.well-known/jwks.json"}
    assert dropped_terms(profile) == ["publicKeys"]
    expanded = jsonld.expand(copy.deepcopy(profile), {"documentLoader": document_loader})
    assert expanded_members(expanded) == members(profile) - 1


# --- The Data Integrity proof, verified independently --------------------------------------


def test_our_data_integrity_proof_verifies_independently(api):
    credential = earned_credential(person(Role.TEACHER))
    response = api().get(f"/credentials/{credential.public_id}/openbadge-proof.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    signed = response.json()
    [proof] = signed["proof"]
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"].startswith(f"{HOST}/issuer/#")
    assert proof["created"] == signed["validFrom"]
    independent_verify(api, signed)
    assert verify_credential_data_integrity(signed) == credential_document(credential)
    assert sign_credential_data_integrity(credential_document(credential)) == signed, "deterministic"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda d: d["credentialSubject"]["achievement"].update(name="Principal"), id="achievement"
        ),
        pytest.param(lambda d: d.update(validFrom="2020-01-01T00:00:00Z"), id="validFrom"),
        pytest.param(lambda d: d["proof"][0].update(created="2020-01-01T00:00:00Z"), id="proof-created"),
    ],
)
def test_a_tampered_data_integrity_credential_is_refused_by_both_verifiers(api, tamper):
    signed = sign_credential_data_integrity(credential_document(earned_credential(person(Role.TEACHER))))
    tamper(signed)
    with pytest.raises(nacl.exceptions.BadSignatureError):
        independent_verify(api, signed)
    with pytest.raises(CredentialSignatureError, match="altered"):
        verify_credential_data_integrity(signed)


def test_a_proof_by_another_districts_key_is_refused(lakeview, in_district):
    document = credential_document(earned_credential(person(Role.TEACHER)))
    signed = sign_credential_data_integrity(document)
    refused = pytest.raises(CredentialSignatureError, match="not signed with a key this district publishes")
    with in_district(lakeview), refused:
        verify_credential_data_integrity(signed)


def test_data_integrity_proofs_survive_rotation_and_the_jwt_algorithm_is_unaffected(api, riverside):
    credential = earned_credential(person(Role.TEACHER))
    document = credential_document(credential)
    old = sign_credential_data_integrity(document)
    old_ed25519 = signing_key_current("EdDSA")
    call_command("rotate_signing_key", "--district", riverside.schema_name, stdout=StringIO())
    assert signing_key_current("EdDSA") != old_ed25519, "the Ed25519 key is rotated too"
    independent_verify(api, old)
    assert verify_credential_data_integrity(old) == document
    new = sign_credential_data_integrity(document)
    assert new["proof"][0]["verificationMethod"] != old["proof"][0]["verificationMethod"]
    independent_verify(api, new)
    assert jwt.get_unverified_header(sign_credential(document))["alg"] == "ES256"
    assert verify_credential_jwt(sign_credential(document)) == document


def test_the_credential_page_offers_both_formats(api):
    credential = earned_credential(person(Role.TEACHER))
    page = api().get(f"/credentials/{credential.public_id}/").content.decode()
    assert f"/credentials/{credential.public_id}/openbadge.jwt" in page
    assert f"/credentials/{credential.public_id}/openbadge-proof.json" in page
    download = api().get(f"/credentials/{credential.public_id}/openbadge-proof.json", {"download": "1"})
    assert (
        download["Content-Disposition"]
        == f'attachment; filename="credential-{credential.public_id}.signed.json"'
    )
