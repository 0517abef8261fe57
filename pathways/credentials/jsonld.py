"""JSON-LD processing for Open Badges documents, with pyld and local contexts only.

- `document_loader`: the pyld document loader. It serves the contexts vendored in
  `contexts/` (README there) and refuses every other URL, so expanding or canonicalising
  a document never reaches the network (and an attacker's document cannot make the
  server fetch an address of its choosing).
- `canonical_nquads`: RDF Dataset Canonicalization (RDFC-1.0, which pyld names
  URDNA2015; the two give the same output) as N-Quads, what eddsa-rdfc-2022 hashes.
- `dropped_terms`: the members JSON-LD expansion would silently drop because no context
  defines them (what "safe mode" refuses). An Open Badges document must have none.
"""

import copy
import json
from functools import cache
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V1 = "https://w3id.org/security/data-integrity/v1"
CONTEXT_FILES = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V1: "data-integrity-v1.jsonld",
}


class UnknownContextError(Exception):
    """A document names a context this server has no local copy of."""


@cache
def _context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    if url not in CONTEXT_FILES:
        raise UnknownContextError(f"No local copy of the JSON-LD context {url!r}; it is not fetched.")
    # A copy: pyld may annotate what it is given, and the cached original must stay clean.
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_context(url)),
    }


def _unwrapped(error: Exception) -> Exception:
    """pyld wraps the loader's refusal in its own errors; say the refusal itself."""
    seen = error
    while seen is not None:
        if isinstance(seen, UnknownContextError):
            return seen
        seen = getattr(seen, "cause", None) or seen.__cause__
    return error


def canonical_nquads(document: dict) -> str:
    """The document's RDF dataset, canonicalised (RDFC-1.0), as N-Quads."""
    try:
        return jsonld.normalize(
            document,
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
        )
    except jsonld.JsonLdError as error:
        raise _unwrapped(error) from error


def dropped_terms(document: dict) -> list[str]:
    """The members of the document no context in it defines (expansion drops them)."""
    dropped: list[str] = []
    try:
        jsonld.expand(
            document,
            {"documentLoader": document_loader},
            on_property_dropped=lambda term: dropped.append(str(term)),
        )
    except jsonld.JsonLdError as error:
        raise _unwrapped(error) from error
    return dropped
