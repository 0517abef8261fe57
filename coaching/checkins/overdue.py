"""Overdue check-ins: what "overdue" means and whose follow-up it is, defined once.

Every page that counts or lists overdue check-ins reads these definitions: the coach's
workspace ("Overdue check-ins"), the home page's coaching figures, the school dashboard's
check-in counts and its list of the viewer's supervisees (dashboards/school/, whose
activity.py uses `OVERDUE_SQL` in its one aggregate query). Before issue 12 the workspace counted only
check-ins the nightly job had already marked, on cycles alone, and told a principal with
eighteen overdue check-ins among her supervisees that "everyone is up to date".

- Overdue on a date: not answered, and due before that date. The check-in job marks such a
  check-in `overdue` each night; until it has run, an open one past its date is overdue
  all the same.
- Only on work still going on: a goal that is active, or a cycle that is not closed.
- Followed up by the people the check-in job escalates to: a cycle's check-in by the
  cycle's coach, a goal's check-in by the owner's current supervisors.
"""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from coaching.checkins.selectors import check_in_list_for_actor
from coaching.models import CheckIn, CheckInStatus, CycleStatus, GoalStatus
from core.time import district_today
from schools.models import Supervision

# The same rule for raw SQL over coaching_checkin `c`, its goal `g` and its cycle `cy`
# (LEFT JOINed), with the date as %(on)s.
OVERDUE_SQL = """(
    (c.status = 'overdue' OR (c.status = 'open' AND c.due_on < %(on)s))
    AND (g.status = 'active' OR (cy.id IS NOT NULL AND cy.status <> 'closed'))
)"""


def overdue_q(*, on: datetime.date) -> Q:
    """Check-ins overdue on `on`, on work still going on (the module's rule)."""
    late = Q(status=CheckInStatus.OVERDUE) | Q(status=CheckInStatus.OPEN, due_on__lt=on)
    live = Q(goal__status=GoalStatus.ACTIVE) | (Q(cycle__isnull=False) & ~Q(cycle__status=CycleStatus.CLOSED))
    return late & live


def check_in_overdue_followed_by(*, actor: User, on: datetime.date | None = None) -> QuerySet[CheckIn]:
    """The overdue check-ins the actor follows up: on the cycles they coach, and on the
    goals of the people they currently supervise; only those the actor may read
    (`check_in_list_for_actor`). Oldest due first."""
    on = on or district_today()
    supervisees = Supervision.objects.supervisee_ids(actor, on=on)
    followed = Q(cycle__coach=actor) | Q(cycle__isnull=True, owner__in=supervisees)
    return (
        check_in_list_for_actor(actor=actor)
        .filter(overdue_q(on=on))
        .filter(followed)
        .order_by("due_on", "id")
    )
