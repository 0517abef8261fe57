"""Who curates the catalog (and the pathways built from it)."""

from typing import TYPE_CHECKING

from core.permissions import can

if TYPE_CHECKING:
    from accounts.models import User


def may_curate(*, actor: "User") -> bool:
    """District administrators (`catalog.manage`) write drafts, publish, retire and make
    new versions; the pages offer those actions only to them."""
    return can(actor, "catalog.manage")
