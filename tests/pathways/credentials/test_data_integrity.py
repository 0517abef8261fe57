"""The eddsa-rdfc-2022 Data Integrity implementation, proven on the Open Badges
specification's own test vector before it signs anything of ours: it reproduces the
vector's canonical forms and proof value, verifies the proof, and refuses tampered forms.
PyNaCl (libsodium) checks the vector's signature over the published canonical N-Quads
without our code at all, so the vector itself is known good."""

import copy
import hashlib
import json
from pathlib import Path

import nacl.exceptions
import nacl.signing
import pytest

from pathways.credentials import dataintegrity as di
from pathways.credentials.jsonld import UnknownContextError, canonical_nquads, dropped_terms

OFFICIAL = Path(__file__).parent / "official"
SHARED = Path("/work/shared/standards/ob3")
VECTOR = json.loads((OFFICIAL / "test-vectors" / "official-eddsa-rdfc-2022-signed.json").read_text())
DOCUMENT_CANON = (OFFICIAL / "test-vectors" / "document-canon.txt").read_text()
PROOF_CANON = (OFFICIAL / "test-vectors" / "proof-canon.txt").read_text()
PUBLIC = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
SECRET = "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx"


def unsigned(document):
    return {name: value for name, value in document.items() if name != "proof"}


def proof_config(document):
    config = {name: value for name, value in document["proof"].items() if name != "proofValue"}
    return {**config, "@context": document["@context"]}


@pytest.mark.skipif(not SHARED.exists(), reason="shared/standards is not on this machine")
def test_official_copies_are_unchanged():
    for copy_path in OFFICIAL.rglob("*"):
        if copy_path.is_file() and copy_path.suffix != ".md":
            original = SHARED / copy_path.relative_to(OFFICIAL)
            assert copy_path.read_bytes() == original.read_bytes(), copy_path


def test_the_vector_verifies_independently_of_our_code():
    """libsodium over the vector's published canonical forms: the vector is sound."""
    signature = di.multibase_decode(VECTOR["proof"]["proofValue"])
    data = hashlib.sha256(PROOF_CANON.encode()).digest() + hashlib.sha256(DOCUMENT_CANON.encode()).digest()
    raw_public = di.multibase_decode(PUBLIC)[2:]
    nacl.signing.VerifyKey(raw_public).verify(data, signature)


def test_canonicalisation_reproduces_the_vector_with_local_contexts_only():
    assert canonical_nquads(unsigned(VECTOR)) == DOCUMENT_CANON
    assert canonical_nquads(proof_config(VECTOR)) == PROOF_CANON


def test_the_vector_key_pair_round_trips_through_multikey():
    private = di.ed25519_private_from_multikey(SECRET)
    assert di.ed25519_multikey(private.public_key()) == PUBLIC


def test_signing_the_vector_reproduces_its_proof_value():
    proof = VECTOR["proof"]
    signed = di.add_proof(
        unsigned(VECTOR),
        di.ed25519_private_from_multikey(SECRET),
        verification_method=proof["verificationMethod"],
        created=proof["created"],
    )
    assert signed["proof"] == [VECTOR["proof"]], "the official schema wants proof as an array"
    assert unsigned(signed) == unsigned(VECTOR)
    di.verify_proof(signed, di.ed25519_public_from_multikey(PUBLIC))


def test_the_vector_verifies_with_its_proof_as_an_object_or_a_one_element_array():
    di.verify_proof(VECTOR, di.ed25519_public_from_multikey(PUBLIC))
    di.verify_proof({**VECTOR, "proof": [VECTOR["proof"]]}, di.ed25519_public_from_multikey(PUBLIC))


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda d: d.update(name="Teamwork Badge!"), id="credential-name"),
        pytest.param(lambda d: d["credentialSubject"].update(id="did:example:someone-else"), id="subject"),
        pytest.param(lambda d: d["issuer"].update(name="Example Corp."), id="issuer-name"),
        pytest.param(lambda d: d["proof"].update(created="2010-01-01T19:23:25Z"), id="proof-created"),
        pytest.param(
            lambda d: d["proof"].update(verificationMethod=f"https://evil.example/#{PUBLIC}"), id="proof-vm"
        ),
    ],
)
def test_a_tampered_vector_is_refused(tamper):
    tampered = copy.deepcopy(VECTOR)
    tamper(tampered)
    with pytest.raises(di.DataIntegrityError, match="altered"):
        di.verify_proof(tampered, di.ed25519_public_from_multikey(PUBLIC))


def test_another_key_does_not_verify_the_vector():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with pytest.raises(di.DataIntegrityError, match="altered"):
        di.verify_proof(VECTOR, Ed25519PrivateKey.generate().public_key())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"cryptosuite": "ecdsa-rdfc-2019"}, "cryptosuite"),
        ({"proofPurpose": "authentication"}, "purpose"),
        ({"proofValue": "uAAAA"}, "multibase"),
        ({"proofValue": "z2"}, "not an Ed25519 signature"),
    ],
)
def test_a_malformed_proof_is_refused_with_the_reason(change, reason):
    document = copy.deepcopy(VECTOR)
    document["proof"].update(change)
    with pytest.raises(di.DataIntegrityError, match=reason):
        di.verify_proof(document, di.ed25519_public_from_multikey(PUBLIC))


def test_contexts_are_never_fetched():
    document = {
        **unsigned(VECTOR),
        "@context": [*VECTOR["@context"], "https://attacker.example/context.json"],
    }
    with pytest.raises(UnknownContextError, match=r"attacker\.example"):
        canonical_nquads(document)


def test_the_vector_uses_only_defined_terms_and_an_undefined_one_is_caught():
    assert dropped_terms(VECTOR) == []
    assert dropped_terms({**VECTOR, "publicKeys": "https://example.edu/keys"}) == ["publicKeys"]
