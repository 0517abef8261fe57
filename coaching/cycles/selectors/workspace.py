"""Reads for the coach's workspace: whom you may coach, and what needs doing next.

The next action of a cycle follows what has really happened in it, not only its stage:
an observation without feedback waits on the coach; feedback not yet acknowledged waits
on the coachee; acknowledged feedback in the reflecting stage waits on the coach to close.
`with_progress` counts those facts in SQL (one query for any number of cycles) and
`next_action` turns them into words. The coach's home lists the same work first
(`coach_work_due`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coaching.checkins.overdue import check_in_overdue_followed_by
from coaching.models import (
    CoachingCycle,
    CoachingEvent,
    CycleStatus,
    EventKind,
    Feedback,
    Observation,
)
from core.audit import audit_many
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from core.time import district_today
from schools.models import Membership, Supervision

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# An observing cycle is due another observation when none was recorded this long ago
# and none is planned ahead.
OBSERVATION_DUE_AFTER_DAYS = 14
HOME_ROWS = 10  # rows shown per list on the coach's home; the count says how many in all


class CycleProgress(TypedDict):
    """What `with_progress` adds to each cycle (PROGRESS_FIELDS)."""

    awaiting_feedback: int
    feedback_given: int
    feedback_unacknowledged: int
    last_observed_on: datetime.date | None
    next_planned_at: datetime.datetime | None


if TYPE_CHECKING:
    CycleWithProgress = WithAnnotations[CoachingCycle, CycleProgress]


class NextAction(TypedDict):
    """`next_action`: what happens next in a cycle, and whose move it is."""

    code: str
    text: str
    waiting_on: Literal["coach", "coachee"]


class WorkspaceProgress(CycleProgress):
    """A cycle on the coach's workspace: its progress and the words of its next action."""

    next_action: str


if TYPE_CHECKING:
    WorkspaceCycle = WithAnnotations[CoachingCycle, WorkspaceProgress]


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT, so several counts on one cycle never multiply each other."""
    counted = queryset.order_by().values("cycle").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _without_feedback() -> QuerySet[Observation]:
    return Observation.objects.filter(~Exists(Feedback.objects.filter(observation=OuterRef("pk"))))


def with_progress(cycles: QuerySet[CoachingCycle]) -> QuerySet[CycleWithProgress]:
    """The cycles, each with what happened in it: observations without feedback, feedback
    given and not yet acknowledged, the last observation and the next planned one."""
    now = timezone.now()
    return cycles.annotate(
        awaiting_feedback=_count(_without_feedback().filter(cycle=OuterRef("pk"))),
        feedback_given=_count(Feedback.objects.filter(cycle=OuterRef("pk"))),
        feedback_unacknowledged=_count(
            Feedback.objects.filter(cycle=OuterRef("pk"), acknowledged_at__isnull=True)
        ),
        last_observed_on=Subquery(
            Observation.objects.filter(cycle=OuterRef("pk"))
            .order_by()
            .values("cycle")
            .annotate(m=Max("observed_on"))
            .values("m")
        ),
        next_planned_at=Subquery(
            CoachingEvent.objects.filter(cycle=OuterRef("pk"), kind=EventKind.OBSERVATION, starts_at__gt=now)
            .order_by()
            .values("cycle")
            .annotate(m=Min("starts_at"))
            .values("m")
        ),
    )


def cycle_progress(cycle: CoachingCycle) -> CycleWithProgress:
    """`with_progress` for one cycle already read (through the firewall): copies the
    counts onto it in one query."""
    counted = with_progress(CoachingCycle.objects.filter(pk=cycle.pk)).values(*PROGRESS_FIELDS).get()
    for field, value in counted.items():
        setattr(cycle, field, value)
    return cast("CycleWithProgress", cycle)  # the counts are on it now


PROGRESS_FIELDS = (
    "awaiting_feedback",
    "feedback_given",
    "feedback_unacknowledged",
    "last_observed_on",
    "next_planned_at",
)


def observation_due(cycle: CycleWithProgress, *, today: datetime.date) -> bool:
    """An observing cycle with no observation in OBSERVATION_DUE_AFTER_DAYS and none planned."""
    if cycle.status != CycleStatus.OBSERVING or cycle.next_planned_at is not None:
        return False
    last = cycle.last_observed_on
    return last is None or (today - last).days >= OBSERVATION_DUE_AFTER_DAYS


def next_action(cycle: CycleWithProgress, *, today: datetime.date | None = None) -> NextAction | None:
    """What happens next in a cycle carrying `with_progress`'s counts, in words, and whose
    move it is: `{"text", "waiting_on": "coach" | "coachee", "code"}`. None once closed."""
    today = today or district_today()
    name = cycle.coachee.first_name or cycle.coachee.full_name

    def act(code: str, text: str, waiting_on: Literal["coach", "coachee"] = "coach") -> NextAction:
        return {"code": code, "text": text, "waiting_on": waiting_on}

    if cycle.status == CycleStatus.CLOSED:
        return None
    if cycle.status == CycleStatus.PLANNING:
        return act("plan", f"Agree on the focus with {name}, then move the cycle to observing")
    if cycle.awaiting_feedback:
        many = cycle.awaiting_feedback > 1
        return act(
            "write_feedback", f"Give feedback on {'your observations' if many else 'your observation'}"
        )
    if cycle.feedback_unacknowledged:
        return act(
            "await_acknowledgement", f"Waiting for {name} to acknowledge your feedback and reflect", "coachee"
        )
    if cycle.ends_on < today:
        return act(
            "close",
            f"The cycle ended on {cycle.ends_on:%b} {cycle.ends_on.day}: write its summary and close it",
        )
    if cycle.feedback_given and cycle.status == CycleStatus.REFLECTING:
        return act("close", "Read the reflection, then close the cycle")
    if cycle.feedback_given:
        return act(
            "move_on", f"{name} acknowledged your feedback: observe again, or move the cycle to reflecting"
        )
    if cycle.status == CycleStatus.REFLECTING:
        return act("close", "Read the reflection, then close the cycle")
    if cycle.status == CycleStatus.FEEDBACK:
        return act("write_feedback", "Give feedback on what you saw")
    if cycle.next_planned_at is not None:
        when = timezone.localtime(cycle.next_planned_at)
        return act("observe", f"Observe {name} as planned on {when:%b} {when.day}")
    return act("observe", f"Record an observation of {name}")


def coachable_people(*, coach: User) -> QuerySet[User]:
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


class _Coachee(TypedDict):
    person: User
    cycles: int
    overdue: int


def workspace_for(*, coach: User) -> dict[str, Any]:
    """The coach's open cycles with their next action, overdue check-ins on them, and
    feedback still waiting for the coachee: a fixed number of queries."""
    # Open cycles only, so each has a next action: its words go on the cycle for the table.
    cycles = cast(
        "list[WorkspaceCycle]",
        list(
            with_progress(
                CoachingCycle.objects.filter(coach=coach)
                .exclude(status=CycleStatus.CLOSED)
                .select_related("coachee", "school")
                .order_by("ends_on", "id")
            )
        ),
    )
    today = district_today()
    for cycle in cycles:
        action = next_action(cycle, today=today)
        assert action is not None  # None only for a closed cycle
        cycle.next_action = action["text"]
    # coaching/checkins/overdue.py: on the cycles you coach and your supervisees' goals, as every
    # page counts them; a supervisee's check-in shown by name is audited, as on My school.
    overdue = list(check_in_overdue_followed_by(actor=coach))
    supervised = [check_in for check_in in overdue if check_in.cycle_id is None]
    if supervised:
        audit_many(actor=coach, action="check_in.listed", targets=supervised, data={"workspace": True})
    unacknowledged = list(
        feedback_awaiting_acknowledgement(coach=coach)
        .select_related("recipient", "cycle")
        .order_by("created_at", "id")
    )
    coachees: dict[int, _Coachee] = {}
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


def feedback_awaiting_acknowledgement(*, coach: User) -> QuerySet[Feedback]:
    """Feedback the coach gave that its recipient has not acknowledged yet, outside cycles
    or in her open ones: once a cycle closes, what was said inside it is no longer hers
    to follow (coaching.relations)."""
    return Feedback.objects.filter(author=coach, acknowledged_at__isnull=True).filter(
        Q(cycle__isnull=True) | ~Q(cycle__status=CycleStatus.CLOSED)
    )


def cycles_as_coachee(*, person: User) -> list[CoachingCycle]:
    return list(
        CoachingCycle.objects.filter(coachee=person).select_related("coach").order_by("-starts_on", "-id")
    )


def _feedback_form_url(observation) -> str:
    cycle_page = reverse("coaching:cycle-detail", args=[observation.cycle_id])
    return f"{cycle_page}?observation={observation.pk}#feedback-heading"


def coach_work_due(*, coach: User) -> dict:
    """The coaching work waiting on the coach, for her home page and its API, in two
    queries whatever her caseload:
    - `feedback_to_write`: observations she made (outside cycles, or in her open cycles)
      that nobody has given feedback on, oldest first;
    - `observations_due`: her observing cycles with no observation in
      OBSERVATION_DUE_AFTER_DAYS and none planned;
    - `cycles_waiting`: her other open cycles whose next move is hers (plan, move on, close).
    Each row links to the place to act; each list shows HOME_ROWS and counts them all."""
    today = district_today()
    pending = (
        _without_feedback()
        .filter(observer=coach)
        .filter(Q(cycle__isnull=True) | ~Q(cycle__status=CycleStatus.CLOSED))
        .select_related("observed", "cycle")
        .annotate(total=Window(Count("pk")))
        .order_by("observed_on", "id")
    )
    feedback_rows = list(pending[:HOME_ROWS])
    feedback_total = feedback_rows[0].total if feedback_rows else 0
    cycles = list(
        with_progress(
            CoachingCycle.objects.filter(coach=coach)
            .exclude(status=CycleStatus.CLOSED)
            .select_related("coachee")
            .order_by("ends_on", "id")
        )
    )
    due, waiting = [], []
    for cycle in cycles:
        action = next_action(cycle, today=today)
        assert action is not None  # None only for a closed cycle
        if observation_due(cycle, today=today) and not cycle.awaiting_feedback:
            due.append(
                {
                    "cycle": {"id": cycle.pk, "title": cycle.title},
                    "person": {"id": cycle.coachee_id, "full_name": cycle.coachee.full_name},
                    "last_observed_on": cycle.last_observed_on,
                    "text": f"Observe {cycle.coachee.full_name}",
                    "url": f"{reverse('coaching:observation-new')}?cycle={cycle.pk}",
                }
            )
        elif action["waiting_on"] == "coach" and action["code"] not in ("observe", "write_feedback"):
            waiting.append(
                {
                    "cycle": {"id": cycle.pk, "title": cycle.title},
                    "person": {"id": cycle.coachee_id, "full_name": cycle.coachee.full_name},
                    "status": cycle.status,
                    "status_label": cycle.get_status_display(),
                    "text": action["text"],
                    "url": reverse("coaching:cycle-detail", args=[cycle.pk]),
                }
            )
    return {
        "feedback_to_write": [
            {
                "observation": {
                    "id": o.pk,
                    "kind": o.kind,
                    "kind_label": o.get_kind_display(),
                    "observed_on": o.observed_on,
                },
                "person": {"id": o.observed_id, "full_name": o.observed.full_name},
                "cycle": {"id": o.cycle_id, "title": o.cycle.title} if o.cycle is not None else None,
                "text": f"Give feedback to {o.observed.full_name} on the {o.get_kind_display().lower()} "
                f"of {o.observed_on:%b} {o.observed_on.day}",
                "url": (
                    _feedback_form_url(o)
                    if o.cycle_id
                    else reverse("coaching:observation-detail", args=[o.pk])
                ),
            }
            for o in feedback_rows
        ],
        "feedback_to_write_total": feedback_total,
        "observations_due": due[:HOME_ROWS],
        "observations_due_total": len(due),
        "cycles_waiting": waiting[:HOME_ROWS],
        "cycles_waiting_total": len(waiting),
    }
