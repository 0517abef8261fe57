"""Reads about integration clients: district administrators only."""

from django.db.models import QuerySet

from accounts.models import User
from core.api import get_or_404
from core.permissions import can
from integrations.models import IntegrationClient


def integration_client_list_for_actor(*, actor: User) -> QuerySet[IntegrationClient]:
    """Every integration client of the district, usable ones first (holders' apps of the Open
    Badges API are the holders' to manage); nobody else sees any."""
    if not can(actor, "integration_client.manage"):
        return IntegrationClient.objects.none()
    return (
        IntegrationClient.objects.filter(authorization_grant_type=IntegrationClient.GRANT_CLIENT_CREDENTIALS)
        .select_related("created_by")
        .order_by("revoked_at", "name", "id")
    )


def integration_client_get_for_actor(*, actor: User, client_id) -> IntegrationClient:
    return get_or_404(integration_client_list_for_actor(actor=actor), client_id)
