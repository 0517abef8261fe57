"""The embedded-proof format: a W3C Data Integrity `DataIntegrityProof` with the
`eddsa-rdfc-2022` cryptosuite (VC Data Integrity EdDSA Cryptosuites v1.0, section 3.2).

Creating a proof, as the cryptosuite specifies:
1. The proof configuration is the proof without `proofValue`, with the document's
   `@context`.
2. The configuration and the document without its `proof` are each canonicalised with
   RDF Dataset Canonicalization (`jsonld.canonical_nquads`, pyld) and hashed with SHA-256.
3. The Ed25519 signature (`cryptography`) over hash(configuration) + hash(document) is
   the `proofValue`, multibase base58btc (`z` + base58, the `base58` package).

Verification recomputes the hashes from what it is given and checks the signature, so a
change to any statement of the credential or of the proof options fails it. This module
knows nothing about districts or keys in the database: `signing.py` chooses the key.
The implementation reproduces the Open Badges specification's own test vector
(tests/pathways/credentials/test_data_integrity.py).
"""

import copy
import hashlib

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pathways.credentials.jsonld import canonical_nquads

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
# Multicodec prefixes (varint) of a Multikey: ed25519-pub 0xed, ed25519-priv 0x1300.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class DataIntegrityError(Exception):
    """A document whose proof is missing, malformed or does not verify, with the reason."""


def multibase_encode(raw: bytes) -> str:
    """Multibase base58btc: the `z` prefix and the bitcoin-alphabet base58 of the bytes."""
    return "z" + base58.b58encode(raw).decode("ascii")


def multibase_decode(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise DataIntegrityError("Not a multibase base58btc value (it must start with z).")
    try:
        return base58.b58decode(value[1:])
    except ValueError:
        raise DataIntegrityError("Not a multibase base58btc value.") from None


def ed25519_multikey(public_key: Ed25519PublicKey) -> str:
    """A Multikey `publicKeyMultibase` for an Ed25519 public key."""
    raw = public_key.public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)
    return multibase_encode(ED25519_PUB_PREFIX + raw)


def ed25519_public_from_multikey(value: str) -> Ed25519PublicKey:
    raw = multibase_decode(value)
    if not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise DataIntegrityError("Not an Ed25519 Multikey public key.")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def ed25519_private_from_multikey(value: str) -> Ed25519PrivateKey:
    raw = multibase_decode(value)
    if not raw.startswith(ED25519_PRIV_PREFIX) or len(raw) not in (34, 66):
        raise DataIntegrityError("Not an Ed25519 Multikey secret key.")
    return Ed25519PrivateKey.from_private_bytes(raw[2:34])


def _unsigned(document: dict) -> dict:
    return {name: value for name, value in document.items() if name != "proof"}


def hash_data(document: dict, proof_options: dict) -> bytes:
    """What the signature covers: SHA-256 of the canonical proof configuration, then of the
    canonical document (without `proof`); 64 bytes."""
    config = {name: value for name, value in proof_options.items() if name != "proofValue"}
    config["@context"] = copy.deepcopy(document["@context"])
    config_hash = hashlib.sha256(canonical_nquads(config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical_nquads(_unsigned(document)).encode("utf-8")).digest()
    return config_hash + document_hash


def add_proof(
    document: dict, private_key: Ed25519PrivateKey, *, verification_method: str, created: str
) -> dict:
    """The document with an eddsa-rdfc-2022 proof made with this key (a new dict). `proof`
    is a one-element array: VC 2.0 allows an object or an array, and the official Open
    Badges JSON Schema accepts only the array (the RDF is the same either way)."""
    proof = {
        "type": PROOF_TYPE,
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(hash_data(document, proof))
    return {**_unsigned(document), "proof": [{**proof, "proofValue": multibase_encode(signature)}]}


def proof_of(document: dict) -> dict:
    """The document's one eddsa-rdfc-2022 proof, checked for shape."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise DataIntegrityError("The document carries no single Data Integrity proof.")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise DataIntegrityError(f"Not a {PROOF_TYPE} with the {CRYPTOSUITE} cryptosuite.")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise DataIntegrityError(f"The proof's purpose is not {PROOF_PURPOSE}.")
    if not isinstance(proof.get("verificationMethod"), str):
        raise DataIntegrityError("The proof does not name its verification method.")
    return proof


def verify_proof(document: dict, public_key: Ed25519PublicKey) -> None:
    """Return if the document's proof was made by this key over exactly this document;
    otherwise DataIntegrityError saying why."""
    proof = proof_of(document)
    signature = multibase_decode(proof.get("proofValue", ""))
    if len(signature) != 64:
        raise DataIntegrityError("The proof value is not an Ed25519 signature.")
    try:
        public_key.verify(signature, hash_data(document, proof))
    except InvalidSignature:
        raise DataIntegrityError(
            "The proof does not match: the credential or its proof was altered."
        ) from None
