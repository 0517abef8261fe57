"""Reads about schools, memberships and supervision, scoped by the actor."""

from django.db.models import Count, Q, QuerySet

from accounts.selectors import visible_people_filter
from core.api import get_or_404
from core.permissions import Scope, actor_roles, scope_for
from schools.models import Membership, School, Supervision


def school_list_for_actor(*, actor) -> QuerySet[School]:
    """Every school of the district, with its current staff count; inactive ones only for admins."""
    scope = scope_for(actor_roles(actor), "school.view")
    if scope == Scope.NONE:
        return School.objects.none()
    schools = School.objects.all()
    if scope_for(actor_roles(actor), "school.manage") < Scope.DISTRICT:
        schools = schools.filter(is_active=True)
    current = Membership.objects.current()
    return schools.annotate(
        staff_count=Count(
            "memberships__user",
            filter=Q(memberships__in=current),
            distinct=True,
        )
    ).order_by("name", "id")


def school_get_for_actor(*, actor, school_id) -> School:
    return get_or_404(school_list_for_actor(actor=actor), school_id)


def membership_list_for_actor(*, actor) -> QuerySet[Membership]:
    """Memberships of the people the actor may see; admins and central office see all."""
    visible = visible_people_filter(actor, "membership.view")
    if visible is None:
        return Membership.objects.none()
    memberships = Membership.objects.select_related("user", "school")
    if visible != Q():
        people = Membership._meta.get_field("user").related_model.objects.filter(visible)
        memberships = memberships.filter(user__in=people.values("pk"))
    return memberships.order_by("user__last_name", "user__first_name", "role", "id")


def membership_get_for_actor(*, actor, membership_id) -> Membership:
    return get_or_404(membership_list_for_actor(actor=actor), membership_id)


def supervision_list_for_actor(*, actor) -> QuerySet[Supervision]:
    """District scope sees all; school scope sees supervisions touching visible people;
    self scope sees only those where the actor is a party."""
    scope = scope_for(actor_roles(actor), "supervision.view")
    supervisions = Supervision.objects.select_related("supervisor", "supervisee")
    if scope == Scope.NONE:
        return Supervision.objects.none()
    if scope == Scope.SELF:
        supervisions = supervisions.filter(Q(supervisor=actor) | Q(supervisee=actor))
    elif scope == Scope.SCHOOL:
        visible = visible_people_filter(actor, "supervision.view")
        people = Supervision._meta.get_field("supervisor").related_model.objects.filter(visible)
        supervisions = supervisions.filter(
            Q(supervisor__in=people.values("pk")) | Q(supervisee__in=people.values("pk"))
        )
    return supervisions.order_by("-ended_on", "supervisor__last_name", "supervisee__last_name", "id")


def supervision_get_for_actor(*, actor, supervision_id) -> Supervision:
    return get_or_404(supervision_list_for_actor(actor=actor), supervision_id)


SUPERVISION_CANDIDATES = 10


def supervision_candidate_list_for_actor(*, actor, person, query: str = "") -> QuerySet:
    """The people who can be linked to `person` by supervision, found by name: active,
    visible to the actor (`person_list_for_actor`), not `person`. Every word of the query
    must start a first name, a last name or an email; an empty query finds nobody."""
    from accounts.selectors import person_list_for_actor

    people = person_list_for_actor(actor=actor).filter(is_active=True).exclude(pk=person.pk)
    words = (query or "").split()[:4]
    if not words:
        return people.none()
    for word in words:
        people = people.filter(
            Q(first_name__istartswith=word) | Q(last_name__istartswith=word) | Q(email__istartswith=word)
        )
    return people


def supervision_candidate_choices(*, actor, person) -> QuerySet:
    """Everyone the supervision form may name: the same people as the search, unfiltered."""
    from accounts.selectors import person_list_for_actor

    return person_list_for_actor(actor=actor).filter(is_active=True).exclude(pk=person.pk)
