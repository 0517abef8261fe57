"""Reads about people and tokens, always scoped by the actor."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.models import ApiToken, User
from core.api import get_or_404
from core.permissions import actor_roles, can


def role_list_for_actor(*, actor: User) -> list[str]:
    """The actor's own roles: those of their memberships in force today, sorted."""
    return sorted(actor_roles(actor))


def api_token_list_for_actor(*, actor: User, owner: str | None = None) -> QuerySet[ApiToken]:
    """The actor's own tokens. District administrators may ask for someone else's
    (`owner=<person id>`) or everyone's (`owner=all`), to find and revoke a leaked one."""
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    if owner in (None, "", "me") or not can(actor, "token.manage"):
        return tokens.filter(user=actor)
    if owner == "all":
        return tokens
    if not str(owner).isdigit():
        raise ValidationError({"owner": 'Give a person id, "me" or "all".'})
    return tokens.filter(user_id=int(owner))


def api_token_get_for_actor(*, actor: User, token_id) -> ApiToken:
    """Your own token; any token of the district for a district administrator."""
    owner = "all" if can(actor, "token.manage") else None
    return get_or_404(api_token_list_for_actor(actor=actor, owner=owner), token_id)
