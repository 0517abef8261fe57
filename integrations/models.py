import ipaddress

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from oauth2_provider.models import AbstractApplication

from core.clients import client_address


class IntegrationClient(AbstractApplication):
    """A system the district connects (an SIS, a data warehouse, a CASE consumer): an OAuth 2.0
    client of the client-credentials grant only, with scopes, an optional IP allow-list and a
    service user it acts as. django-oauth-toolkit's Application, swapped for this model
    (OAUTH2_PROVIDER_APPLICATION_MODEL); it lives in the district's schema, so a client and its
    tokens exist only on their own district's host. The secret is hashed by the toolkit.

    A holder's app (a wallet or Open Badges host that registered itself for the Open Badges
    API, integrations/openbadges/) is a row of the same table: authorization-code grant, no
    service user (its tokens act for the person who consented), its registration metadata in
    `registration`. Administrators' client lists leave those out."""

    scopes = ArrayField(models.CharField(max_length=120), default=list)
    # CIDRs (`203.0.113.0/24`, `2001:db8::/32`); empty lets any address through.
    allowed_networks = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="integration_client",
    )
    # RFC 7591 client metadata a holder's app registered with (client_uri, logo_uri, tos_uri,
    # policy_uri, software_id, software_version, contacts); empty for integration clients.
    registration = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta(AbstractApplication.Meta):
        swappable = "OAUTH2_PROVIDER_APPLICATION_MODEL"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_holder_app(self) -> bool:
        return self.authorization_grant_type == self.GRANT_AUTHORIZATION_CODE

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def address_allowed(self, address: str | None) -> bool:
        if not self.allowed_networks:
            return True
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(network, strict=False) for network in self.allowed_networks)

    def is_usable(self, request) -> bool:
        """Asked by the toolkit when issuing a token and on every request with one: a revoked
        client, or a request from outside its allow-list, gets nothing."""
        headers = getattr(request, "headers", None) or {}
        return not self.is_revoked and self.address_allowed(client_address(headers))
