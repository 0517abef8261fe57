"""Writes for signing in: the audit rows of single sign-on (no token or secret in them)."""

from django.db import transaction

from accounts.models import User
from core.audit import audit
from identity.models import IdentityProvider


@transaction.atomic
def sso_sign_in_accept(*, user: User, provider: IdentityProvider, matched_by: str) -> None:
    """Record that `user` signed in through `provider`; the person is the actor."""
    audit(
        actor=user,
        action="sso.signed_in",
        target=user,
        data={"provider": provider.slug, "matched_by": matched_by},
    )


@transaction.atomic
def sso_sign_in_refuse(
    *, provider: IdentityProvider | None, slug: str, reason: str, email: str = "", subject: str = ""
) -> None:
    """Record a refused single sign-on: which provider, why, and who the provider said it was.
    A refusal before the provider's row is known (it was removed mid-way) has no target row,
    and is not recorded: there is nothing in the district it concerns."""
    if provider is None:
        return
    audit(
        actor=None,
        action="sso.refused",
        target=provider,
        data={"provider": slug, "reason": reason, "email": email, "subject": subject},
    )
