"""Who may manage the district's identity providers."""

from accounts.models import User
from core.permissions import can

MANAGE = "identity_provider.manage"


def may_manage_identity_providers(*, actor: User) -> bool:
    """District administrators connect the district to its identity providers."""
    return can(actor, MANAGE)
