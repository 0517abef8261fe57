"""A Data Integrity verifier that shares no crypto with the signer: pyld canonicalises,
hashlib hashes, PyNaCl (libsodium) checks the Ed25519 signature with the key read from the
issuer profile as served. Used wherever a test receives an eddsa-rdfc-2022 credential."""

import copy
import hashlib

import base58
import nacl.signing
from pyld import jsonld

from pathways.credentials.jsonld import document_loader


def independent_verify(api, document) -> None:
    """Raise nacl BadSignatureError unless the proof verifies with the key the issuer
    profile (as served) publishes for the proof's verification method."""
    [proof] = document["proof"]
    profile = api().get("/issuer/").json()
    [method] = [m for m in profile["verificationMethod"] if m["id"] == proof["verificationMethod"]]
    assert method["type"] == "Multikey" and proof["verificationMethod"] in profile["assertionMethod"]
    multikey = base58.b58decode(method["publicKeyMultibase"].removeprefix("z"))
    assert multikey[:2] == b"\xed\x01"
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader}
    config = {k: v for k, v in proof.items() if k != "proofValue"} | {"@context": document["@context"]}
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    data = b"".join(
        hashlib.sha256(jsonld.normalize(copy.deepcopy(part), options).encode()).digest()
        for part in (config, unsigned)
    )
    signature = base58.b58decode(proof["proofValue"].removeprefix("z"))
    nacl.signing.VerifyKey(multikey[2:]).verify(data, signature)
