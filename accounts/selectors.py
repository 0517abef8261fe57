"""Reads about people and tokens, always scoped by the actor."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import ApiToken, User
from core.permissions import Scope, actor_roles, scope_for


def visible_people_filter(actor, action: str = "person.view") -> Q | None:
    """A filter on User for the people the actor may see, or None for nobody."""
    from schools.models import Membership, Supervision

    scope = scope_for(actor_roles(actor), action)
    if scope == Scope.DISTRICT:
        return Q()
    if scope == Scope.NONE:
        return None
    visible = Q(pk=actor.pk)
    if scope >= Scope.SCHOOL:
        my_schools = Membership.objects.current().filter(user=actor, school__isnull=False).values("school_id")
        visible |= Q(pk__in=Membership.objects.current().filter(school_id__in=my_schools).values("user_id"))
        visible |= Q(pk__in=Supervision.objects.current().filter(supervisor=actor).values("supervisee_id"))
        visible |= Q(pk__in=Supervision.objects.current().filter(supervisee=actor).values("supervisor_id"))
    return visible


def person_list_for_actor(*, actor, filters: dict | None = None) -> QuerySet[User]:
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


def person_get_for_actor(*, actor, person_id) -> User:
    """One person the actor may see; missing and forbidden both raise Http404."""
    return get_object_or_404(person_list_for_actor(actor=actor), pk=person_id)


def api_token_list_for_actor(*, actor) -> QuerySet[ApiToken]:
    """Only ever the actor's own tokens: nobody, not even an admin, lists someone else's."""
    return ApiToken.objects.filter(user=actor).order_by("-created_at", "-id")


def api_token_get_for_actor(*, actor, token_id) -> ApiToken:
    return get_object_or_404(api_token_list_for_actor(actor=actor), pk=token_id)
