"""Who may coach whom.

Holding a role that leads coaching (`coaching.lead` in the permission matrix) is only the
outer bound. A coach also needs a relationship with the coachee, one of:

- the coach role at a school where the coachee currently works;
- a current supervision of the coachee (a principal and their teachers, a principal
  supervisor and their principals);
- the central office, when the coachee is a school leader.

Nobody coaches themselves.
"""

from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role


def leads_coaching(person) -> bool:
    """The person holds a role that may lead coaching at all (coach, school leader,
    central office)."""
    return scope_for(actor_roles(person), "coaching.lead") > Scope.NONE


def coach_refusal(*, coach, coachee) -> str | None:
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


def may_coach(*, coach, coachee) -> bool:
    return coach_refusal(coach=coach, coachee=coachee) is None


def coaching_school(*, coach, coachee):
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
