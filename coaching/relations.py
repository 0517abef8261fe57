"""Who may coach whom.

Holding a role that leads coaching (`coaching.lead` in the permission matrix) is only the
outer bound. A coach also needs a relationship with the coachee, one of:

- the coach role at a school where the coachee currently works;
- a current supervision of the coachee (a principal and their teachers, a principal
  supervisor and their principals);
- the central office, when the coachee is a school leader.

Nobody coaches themselves.

Coaching someone is also a way to read their records, and that access is bounded by the
cycle: it lasts while a cycle the actor coaches is open and ends when the cycle closes.
`cycles_coached_now` is that one rule; every selector that lets a coach read someone
else's check-ins, goals, self-assessments and results, or what is recorded inside a cycle
(observations, feedback, notes) goes through it. The closed cycle itself stays in its
former coach's list, in outline, like a supervisor sees it.
"""

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.models import User
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role

if TYPE_CHECKING:
    from schools.models import School


def cycles_coached_now(actor: User) -> QuerySet:
    """The cycles `actor` coaches that are not closed: the only way coaching grants
    access to another person's records."""
    from coaching.models import CoachingCycle, CycleStatus

    if not getattr(actor, "is_authenticated", False):
        return CoachingCycle.objects.none()
    return CoachingCycle.objects.filter(coach=actor).exclude(status=CycleStatus.CLOSED)


def coachees_now(actor: User) -> QuerySet:
    """The ids (`coachee_id`) of the people `actor` coaches in an open cycle, for
    records that belong to the person rather than to one cycle (self-assessments)."""
    return cycles_coached_now(actor).values("coachee_id")


def goals_coached_now(actor: User) -> QuerySet:
    """The ids (`goal_id`) of the goals worked on in the open cycles `actor` coaches."""
    from coaching.models import CoachingCycle

    through = CoachingCycle.goals.through.objects
    return through.filter(coachingcycle__in=cycles_coached_now(actor).values("pk")).values("goal_id")


def coaches_now(*, actor: User, cycle) -> bool:
    """`actor` is the coach of `cycle` and the cycle is still open (the same rule as
    `cycles_coached_now`, for a cycle already in hand)."""
    from coaching.models import CycleStatus

    return cycle.coach_id == getattr(actor, "pk", None) and cycle.status != CycleStatus.CLOSED


def leads_coaching(person: User) -> bool:
    """The person holds a role that may lead coaching at all (coach, school leader,
    central office)."""
    return scope_for(actor_roles(person), "coaching.lead") > Scope.NONE


def coach_refusal(*, coach: User, coachee: User) -> str | None:
    """Why `coach` may not coach `coachee`, or None when they may."""
    from schools.models import Membership, Supervision

    if coach.pk == coachee.pk:
        return "Nobody coaches themselves."
    if not coachee.is_active:
        return f"{coachee} is no longer active in the district."
    coachee_memberships = Membership.objects.current().filter(user=coachee)
    coachee_schools = coachee_memberships.filter(school__isnull=False).values("school_id")
    coach_memberships = Membership.objects.current().filter(user=coach)
    if coach_memberships.filter(role=Role.COACH, school_id__in=coachee_schools).exists():
        return None
    if Supervision.objects.current().filter(supervisor=coach, supervisee=coachee).exists():
        return None
    if (
        coach_memberships.filter(role=Role.CENTRAL_OFFICE).exists()
        and coachee_memberships.filter(role=Role.SCHOOL_LEADER).exists()
    ):
        return None
    return (
        f"{coach} cannot coach {coachee}: a coach holds the coach role at the coachee's school, "
        "supervises the coachee, or is central office coaching a school leader."
    )


def may_coach(*, coach: User, coachee: User) -> bool:
    return coach_refusal(coach=coach, coachee=coachee) is None


def coaching_school(*, coach: User, coachee: User) -> "School | None":
    """The school the coaching happens at: where the coach is a coach and the coachee
    works, else a school both currently belong to, else the coachee's own school (the
    supervisor or central office coming to them), else None (a coachee with no school)."""
    from schools.models import Membership, School

    coachee_schools = list(
        Membership.objects.current()
        .filter(user=coachee, school__isnull=False)
        .order_by("school_id")
        .values_list("school_id", flat=True)
        .distinct()
    )
    if not coachee_schools:
        return None
    coach_memberships = Membership.objects.current().filter(user=coach, school_id__in=coachee_schools)
    shared = coach_memberships.filter(role=Role.COACH).order_by("school_id").first() or (
        coach_memberships.order_by("school_id").first()
    )
    school_id = shared.school_id if shared else coachee_schools[0]
    return School.objects.get(pk=school_id)
