"""Who revokes credentials and who downloads a whole record."""

from typing import TYPE_CHECKING

from core.permissions import can

if TYPE_CHECKING:
    from accounts.models import User


def may_revoke(*, actor: "User") -> bool:
    """District administrators (`credential.revoke`); the verification page offers them the
    revoke form."""
    return bool(getattr(actor, "is_authenticated", False)) and can(actor, "credential.revoke")


def may_download_record(*, actor: "User", person: "User") -> bool:
    """The person themselves; a district administrator (`submission.view_any`, because the
    archive holds evidence), audited."""
    return actor.pk == person.pk or can(actor, "submission.view_any")
