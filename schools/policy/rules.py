"""Who may change the district's policy."""

from accounts.models import User
from core.permissions import can

MANAGE = "policy.manage"


def may_change_policy(*, actor: User) -> bool:
    """District administrators ("policy.manage") change the district's own choices."""
    return can(actor, MANAGE)
