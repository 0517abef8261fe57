"""Who is calling: the client's address, as the one place that reads it.

The address is the connection's `REMOTE_ADDR`. Behind a proxy, the server in front of Django
(gunicorn's `--forwarded-allow-ips` with the proxy's PROXY protocol or its own header
handling) must set it to the real client; `X-Forwarded-For` is never read here, since any
client can write it.
"""

import ipaddress
from collections.abc import Mapping


def client_address(meta: Mapping) -> str:
    """The client's IP address from a request's META (or oauthlib's headers, which carry
    META), normalised (`::ffff:192.0.2.1` is `192.0.2.1`); "" when absent or not an address."""
    try:
        address = ipaddress.ip_address((meta.get("REMOTE_ADDR") or "").strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_network(address: str) -> str:
    """What one client controls: its IPv4 address, or the /64 of an IPv6 one (a single
    subscriber usually holds a whole /64, so counting per IPv6 address counts nothing)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
