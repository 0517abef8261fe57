"""Reads of the district's identity providers and sign-in policy (district administrators)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from core.api import as_id
from core.permissions import require
from core.roles import Role
from identity.models import IdentityProvider, SignInPolicy
from identity.providers.rules import MANAGE


def _required(actor: User) -> None:
    """Missing and forbidden answer alike (404) for reads by id; the API's permission class
    has already refused people without the row."""
    try:
        require(actor, MANAGE)
    except PermissionDenied:
        raise Http404("No such identity provider.") from None


def identity_provider_list_for_actor(*, actor: User) -> QuerySet[IdentityProvider]:
    _required(actor)
    return IdentityProvider.objects.order_by("name", "id")


def identity_provider_get_for_actor(*, actor: User, provider_id) -> IdentityProvider:
    _required(actor)
    pk = as_id(provider_id)
    provider = IdentityProvider.objects.filter(pk=pk).first() if pk else None
    if provider is None:
        raise Http404("No such identity provider.")
    return provider


def sign_in_policy_get_for_actor(*, actor: User) -> SignInPolicy:
    _required(actor)
    return SignInPolicy.current()


def break_glass_candidates_for_actor(*, actor: User) -> QuerySet[User]:
    """The people who may be break-glass administrators: current district administrators."""
    from schools.models import Membership

    _required(actor)
    admin_ids = Membership.objects.current().filter(role=Role.DISTRICT_ADMIN).values("user_id")
    return User.objects.filter(pk__in=admin_ids, is_active=True).order_by("last_name", "first_name", "id")
