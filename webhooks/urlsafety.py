"""Outbound URLs that cannot be turned against the platform (server-side request forgery).

A webhook URL must be http(s) and every address its host resolves to must be public: not
private, loopback, link-local (cloud metadata at 169.254.169.254), multicast, reserved or
unspecified. It is checked when an endpoint is saved and again right before each request
(a name can be re-pointed after it was saved). Only settings.WEBHOOKS_ALLOW_PRIVATE_URLS
(development and tests, where receivers listen on 127.0.0.1) lifts the address rule;
the scheme rule always holds. Redirects are never followed (the sender refuses them).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


class UnsafeUrlError(ValueError):
    """The URL may not be requested; the message says why."""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def check_url(url: str) -> None:
    """Raise UnsafeUrlError unless `url` may be requested now (resolving its host)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrlError("Only http and https URLs can receive webhooks.")
    if not parts.hostname:
        raise UnsafeUrlError("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeUrlError("Put no user name or password in the URL; verify the signature instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrlError("The URL's port is not a number from 1 to 65535.") from None
    if settings.WEBHOOKS_ALLOW_PRIVATE_URLS:
        return
    try:
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise UnsafeUrlError(f"The host {parts.hostname} does not resolve.") from None
    for *_, sockaddr in found:
        if not _is_public(str(sockaddr[0])):
            raise UnsafeUrlError(
                f"The host {parts.hostname} resolves to {sockaddr[0]}, a private, loopback, link-local "
                "or reserved address: webhooks go to public addresses only."
            )


def validate_webhook_url(url: str) -> None:
    """check_url as a ValidationError on the `url` field, for services."""
    try:
        check_url(url)
    except UnsafeUrlError as error:
        raise ValidationError({"url": str(error)}) from None
