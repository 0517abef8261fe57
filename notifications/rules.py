"""Who may preview the district's emails."""

from accounts.models import User
from core.permissions import can

# What the district's administrators may see of the emails: every kind, rendered with sample
# data from their district. The district's own choices are theirs (`policy.manage`).
PREVIEW_ACTION = "policy.manage"
PREVIEW_REFUSAL = "Only district administrators preview the district's emails."


def may_preview_emails(*, actor: User) -> bool:
    """District administrators preview every kind of email Lodestar sends."""
    return can(actor, PREVIEW_ACTION)
