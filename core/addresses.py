"""The client's address, as every limit and allow-list reads it: `REMOTE_ADDR`. Behind a
proxy, the proxy's header must be turned into `REMOTE_ADDR` before Lodestar sees the request
(docs/operations.md); trusting `X-Forwarded-For` here would let any client choose its address."""

from collections.abc import Mapping


def client_address(meta: Mapping) -> str | None:
    """`meta` is a Django request's META, or the headers oauthlib copies it into."""
    return meta.get("REMOTE_ADDR") or None
