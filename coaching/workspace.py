"""Reads for the coach's workspace: whom you may coach, and what needs doing next."""

from django.db.models import Q, QuerySet

from accounts.models import User
from coaching.models import CheckIn, CheckInStatus, CoachingCycle, CycleStatus, Feedback
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from schools.models import Membership, Supervision

# What the coach does next at each stage of a cycle.
NEXT_ACTION = {
    CycleStatus.PLANNING: "Agree on the focus, then start observing",
    CycleStatus.OBSERVING: "Record an observation",
    CycleStatus.FEEDBACK: "Give feedback on what you saw",
    CycleStatus.REFLECTING: "Read the reflection, then close the cycle",
}


def coachable_people(*, coach) -> QuerySet[User]:
    """Everyone the coach may start a cycle with (coaching/relations.py has the rule):
    the staff of schools where they coach, the people they supervise, and, for the
    central office, every school leader."""
    if scope_for(actor_roles(coach), "coaching.lead") == Scope.NONE:
        return User.objects.none()
    current = Membership.objects.current()
    coached_schools = current.filter(user=coach, role=Role.COACH).values("school_id")
    reach = Q(pk__in=current.filter(school_id__in=coached_schools).values("user_id"))
    reach |= Q(pk__in=Supervision.objects.current().filter(supervisor=coach).values("supervisee_id"))
    if Role.CENTRAL_OFFICE in actor_roles(coach):
        reach |= Q(pk__in=current.filter(role=Role.SCHOOL_LEADER).values("user_id"))
    return User.objects.filter(reach, is_active=True).exclude(pk=coach.pk).order_by("last_name", "first_name")


def workspace_for(*, coach) -> dict:
    """The coach's open cycles with their next action, overdue check-ins on them, and
    feedback still waiting for the coachee: a fixed number of queries."""
    cycles = list(
        CoachingCycle.objects.filter(coach=coach)
        .exclude(status=CycleStatus.CLOSED)
        .select_related("coachee", "school")
        .order_by("ends_on", "id")
    )
    for cycle in cycles:
        cycle.next_action = NEXT_ACTION[cycle.status]
    overdue = list(
        CheckIn.objects.filter(cycle__coach=coach, status=CheckInStatus.OVERDUE)
        .exclude(cycle__status=CycleStatus.CLOSED)
        .select_related("owner", "cycle")
        .order_by("due_on", "id")
    )
    unacknowledged = list(
        Feedback.objects.filter(author=coach, acknowledged_at__isnull=True)
        .select_related("recipient", "cycle")
        .order_by("created_at", "id")
    )
    coachees = {}
    for cycle in cycles:
        coachees.setdefault(cycle.coachee_id, {"person": cycle.coachee, "cycles": 0, "overdue": 0})
        coachees[cycle.coachee_id]["cycles"] += 1
    for check_in in overdue:
        if check_in.owner_id in coachees:
            coachees[check_in.owner_id]["overdue"] += 1
    return {
        "cycles": cycles,
        "coachees": sorted(coachees.values(), key=lambda c: (c["person"].last_name, c["person"].first_name)),
        "overdue": overdue,
        "unacknowledged": unacknowledged,
    }


def cycles_as_coachee(*, person) -> list[CoachingCycle]:
    return list(
        CoachingCycle.objects.filter(coachee=person).select_related("coach").order_by("-starts_on", "-id")
    )
