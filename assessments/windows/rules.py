"""Who opens windows and who follows their completion, and how far."""

from accounts.models import User
from core.permissions import Scope, actor_roles, can, scope_for

COMPLETION_REFUSAL = "Only the central office and principals follow completion."


def may_open_windows(*, actor: User) -> bool:
    return can(actor, "window.manage")


def completion_scope(*, actor: User) -> Scope:
    """How far the actor follows completion: nowhere, their own schools, or every school."""
    return scope_for(actor_roles(actor), "window.completion")


def may_follow_completion(*, actor: User) -> bool:
    return completion_scope(actor=actor) > Scope.NONE


def follows_own_schools_only(*, actor: User) -> bool:
    """A principal follows the completion of their own schools, not the district's."""
    return completion_scope(actor=actor) == Scope.SCHOOL
