"""Reads of check-ins, each for an actor."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accounts.models import User
from coaching.models import CheckIn, CheckInStatus
from coaching.relations import cycles_coached_now, goals_coached_now
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import can
from schools.models import Supervision

RECENT_ANSWERS = 20  # the answered check-ins the check-in page lists


def check_in_list_for_actor(*, actor: User) -> QuerySet[CheckIn]:
    """The check-ins the actor may read.

    Your own; those on the open cycles you coach and on the goals worked on in them
    (coaching/relations.py: a coach's access ends when the cycle closes; the coaching
    firewall keeps cycle check-ins from everyone else); the goal check-ins of the people
    you currently supervise (status, and the answers they submitted); everything for a
    district administrator. The central office sees check-ins only in aggregate.
    """
    check_ins = CheckIn.objects.select_related("goal", "cycle", "owner", "progress_update")
    if can(actor, "check_in.view_any"):
        return check_ins
    if not getattr(actor, "is_authenticated", False):
        return check_ins.none()
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    return check_ins.filter(
        Q(owner=actor)
        | Q(cycle__in=cycles_coached_now(actor).values("pk"))
        | Q(goal__in=goals_coached_now(actor))
        | Q(goal__isnull=False, owner__in=supervisees)
    )


def check_in_get_for_actor(*, actor: User, check_in_id) -> CheckIn:
    """One check-in; missing and invisible both 404. Reading someone else's is audited."""
    check_ins = check_in_list_for_actor(actor=actor).select_related("cycle__coach", "cycle__coachee")
    found = get_or_404(check_ins, check_in_id)
    if found.owner_id != actor.pk:
        audit(actor=actor, action="check_in.read", target=found, data={"owner": found.owner_id})
    return found


def check_in_audit_listed(*, actor: User, check_ins: Iterable[CheckIn]) -> None:
    """A list that shows other people's check-ins writes one audit row for each."""
    others = [row for row in check_ins if row.owner_id != actor.pk]
    if others:
        audit_many(actor=actor, action="check_in.listed", targets=others)


def check_in_list_owed_and_answered(*, actor: User) -> dict:
    """The actor's own check-ins: `owed`, overdue first and then open, each soonest due
    first; `answered`, the RECENT_ANSWERS latest answers, newest first."""
    mine = CheckIn.objects.filter(owner=actor).select_related("goal", "cycle")
    owed = list(mine.filter(status__in=[CheckInStatus.OVERDUE, CheckInStatus.OPEN]).order_by("due_on", "id"))
    owed.sort(key=lambda c: c.status != CheckInStatus.OVERDUE)  # stable: overdue first, by due date
    answered = list(
        mine.filter(status=CheckInStatus.COMPLETED).order_by("-completed_at", "-id")[:RECENT_ANSWERS]
    )
    return {"owed": owed, "answered": answered}
