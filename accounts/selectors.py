"""Reads about people and tokens, always scoped by the actor."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import ApiToken, User
from core.api import get_or_404
from core.permissions import Scope, actor_roles, can, scope_for


def visible_people_filter(actor: User, action: str = "person.view") -> Q | None:
    """A filter on User for the people the actor may see, or None for nobody: everyone, or
    the actor, and with school scope the people of the actor's schools, their supervisees
    and their supervisors."""
    from schools.models import Membership
    from schools.selectors import member_school_ids, supervisee_ids, supervisor_ids

    scope = scope_for(actor_roles(actor), action)
    if scope == Scope.DISTRICT:
        return Q()
    if scope == Scope.NONE:
        return None
    visible = Q(pk=actor.pk)
    if scope >= Scope.SCHOOL:
        my_schools = member_school_ids(actor=actor)
        visible |= Q(pk__in=Membership.objects.current().filter(school_id__in=my_schools).values("user_id"))
        visible |= Q(pk__in=supervisee_ids(actor=actor))
        visible |= Q(pk__in=supervisor_ids(actor=actor))
    return visible


def person_list_for_actor(*, actor: User, filters: dict | None = None) -> QuerySet[User]:
    """People the actor may see, each with their memberships (and schools) prefetched."""
    from schools.models import Membership

    visible = visible_people_filter(actor)
    if visible is None:
        return User.objects.none()
    people = User.objects.filter(visible)
    if scope_for(actor_roles(actor), "person.view") < Scope.DISTRICT:
        people = people.filter(is_active=True)
    return people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("school").order_by("-is_active", "role", "id"),
        )
    ).order_by("last_name", "first_name", "id")


def person_get_for_actor(*, actor: User, person_id) -> User:
    """One person the actor may see; missing and forbidden both raise Http404."""
    return get_or_404(person_list_for_actor(actor=actor), person_id)


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
