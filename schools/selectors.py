"""Reads about schools, memberships and supervision, scoped by the actor.

"My schools" (`member_school_ids`, `led_school_ids`) and "my supervisees"
(`supervisee_ids`, with `supervisor_ids` the other way) are the one way any app asks
where the actor works and whom they supervise: subqueries of ids, to filter with
`school__in=` or `owner__in=` in one query.
"""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from core.api import get_or_404
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from schools.models import Membership, MembershipQuerySet, School, Supervision, SupervisionQuerySet

# --- My schools, my supervisees ----------------------------------------------------------


def member_school_ids(*, actor: User, on: datetime.date | None = None) -> QuerySet[Membership]:
    """My schools: the schools where the actor holds a membership in force on `on` (today in
    the district by default), as a subquery of ids (`values("school_id")`)."""
    return Membership.objects.current(on).filter(user=actor, school__isnull=False).values("school_id")


def led_school_ids(*, actor: User, on: datetime.date | None = None) -> QuerySet[Membership]:
    """The schools the actor leads: a school-leader membership in force on `on` (today by
    default), as a subquery of ids (`values("school_id")`)."""
    return Membership.objects.current(on).filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")


def supervisee_ids(*, actor: User, on: datetime.date | None = None) -> QuerySet[Supervision]:
    """My supervisees: the people the actor supervises on `on` (today by default), as a
    subquery of ids (`values("supervisee_id")`)."""
    return Supervision.objects.supervisee_ids(actor, on=on)


def supervisor_ids(*, actor: User) -> QuerySet[Supervision]:
    """The people supervising the actor today, as a subquery of ids (`values("supervisor_id")`)."""
    return Supervision.objects.supervisor_ids(actor)


# --- Schools -----------------------------------------------------------------------------


def school_list_for_actor(*, actor: User, active_only: bool = False) -> QuerySet[School]:
    """Every school of the district, with its current staff count; inactive ones only for
    admins (and for them too not with `active_only`)."""
    scope = scope_for(actor_roles(actor), "school.view")
    if scope == Scope.NONE:
        return School.objects.none()
    schools = School.objects.all()
    if active_only or scope_for(actor_roles(actor), "school.manage") < Scope.DISTRICT:
        schools = schools.filter(is_active=True)
    current = Membership.objects.current()
    return schools.annotate(
        staff_count=Count(
            "memberships__user",
            filter=Q(memberships__in=current),
            distinct=True,
        )
    ).order_by("name", "id")


def school_get_for_actor(*, actor: User, school_id) -> School:
    return get_or_404(school_list_for_actor(actor=actor), school_id)


# --- Memberships -------------------------------------------------------------------------


def membership_list_for_actor(*, actor: User) -> MembershipQuerySet:
    """Memberships of the people the actor may see; admins and central office see all."""
    visible = visible_people_filter(actor, "membership.view")
    if visible is None:
        return Membership.objects.none()
    memberships = Membership.objects.select_related("user", "school")
    if visible != Q():
        people = User.objects.filter(visible)
        memberships = memberships.filter(user__in=people.values("pk"))
    return memberships.order_by("user__last_name", "user__first_name", "role", "id")


def membership_get_for_actor(*, actor: User, membership_id) -> Membership:
    return get_or_404(membership_list_for_actor(actor=actor), membership_id)


def membership_list_for_person(*, actor: User, person: User) -> MembershipQuerySet:
    """One person's memberships as the actor may see them, the active ones first."""
    return membership_list_for_actor(actor=actor).filter(user=person).order_by("-is_active", "role")


# --- Supervision -------------------------------------------------------------------------


def supervision_list_for_actor(*, actor: User) -> SupervisionQuerySet:
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
        people = User.objects.filter(visible)
        supervisions = supervisions.filter(
            Q(supervisor__in=people.values("pk")) | Q(supervisee__in=people.values("pk"))
        )
    return supervisions.order_by("-ended_on", "supervisor__last_name", "supervisee__last_name", "id")


def supervision_get_for_actor(*, actor: User, supervision_id) -> Supervision:
    return get_or_404(supervision_list_for_actor(actor=actor), supervision_id)


def supervision_list_for_person(*, actor: User, person: User) -> SupervisionQuerySet:
    """The supervision links where `person` is either party, as the actor may see them,
    the open ones first, oldest first."""
    return (
        supervision_list_for_actor(actor=actor)
        .filter(Q(supervisor=person) | Q(supervisee=person))
        .order_by("ended_on", "id")
    )


def supervision_get_for_person(*, actor: User, person: User, supervision_id) -> Supervision:
    """One of `person`'s supervision links; another person's link is a 404 like a missing one."""
    return get_or_404(supervision_list_for_person(actor=actor, person=person), supervision_id)


SUPERVISION_CANDIDATES = 10


def supervision_candidate_list_for_actor(*, actor: User, person: User, query: str = "") -> QuerySet[User]:
    """The people who can be linked to `person` by supervision, found by name: active,
    visible to the actor (`person_list_for_actor`), not `person`. Every word of the query
    must start a first name, a last name or an email; an empty query finds nobody."""
    people = person_list_for_actor(actor=actor).filter(is_active=True).exclude(pk=person.pk)
    words = (query or "").split()[:4]
    if not words:
        return people.none()
    for word in words:
        people = people.filter(
            Q(first_name__istartswith=word) | Q(last_name__istartswith=word) | Q(email__istartswith=word)
        )
    return people


def supervision_candidate_choices(*, actor: User, person: User) -> QuerySet[User]:
    """Everyone the supervision form may name: the same people as the search, unfiltered."""
    return person_list_for_actor(actor=actor).filter(is_active=True).exclude(pk=person.pk)


# --- People --------------------------------------------------------------------------


def visible_people_filter(actor: User, action: str = "person.view") -> Q | None:
    """A filter on User for the people the actor may see, or None for nobody: everyone, or
    the actor, and with school scope the people of the actor's schools, their supervisees
    and their supervisors."""
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
    visible = visible_people_filter(actor)
    if visible is None:
        return User.objects.none()
    # Integration clients' service users are not people of the district (integrations/).
    people = User.objects.filter(visible).exclude(is_service=True)
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
