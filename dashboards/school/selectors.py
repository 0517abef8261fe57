"""The school dashboard's reads: who may open which school, and everything on one school's
dashboard for the viewer (see the area's docstring)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, JSONObject
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from assessments.windows.selectors import SMALL_GROUP
from coaching.checkins.overdue import check_in_overdue_followed_by
from coaching.cycles.selectors.feedback import feedback_list_for_actor
from coaching.goals.health import expected_value
from coaching.goals.selectors import goal_list_for_actor
from coaching.models import CheckIn, GoalHealth, GoalKind, GoalStatus, ProgressUpdate
from core.api import as_id
from core.audit import audit_many
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from dashboards.figures.schools import school_figures
from dashboards.figures.sql import Day
from dashboards.school.activity import school_activity
from dashboards.school.growth import staff_growth
from dashboards.snapshots import trend
from schools.models import GradeBand, ImplementationStage, Membership, School, Supervision

PARTS = ("figures", "trend", "goals", "growth", "check_ins", "supervisees", "feedback", "coaching")
# What the principal's home shows (dashboards/_school_summary.html): no names, no audit rows.
SUMMARY_PARTS = ("figures", "goals", "check_ins")
# Who is refused a school dashboard is told why (the page's decorator and the API alike).
REFUSAL = "School dashboards are for school leaders and the central office."
SHOWN_GOAL_STATUSES = (
    GoalStatus.AWAITING_APPROVAL,
    GoalStatus.ACTIVE,
    GoalStatus.MET,
    GoalStatus.MISSED,
)


# --- Who may open which school -------------------------------------------------------------


def schools_led(*, actor: User) -> QuerySet[School]:
    """The active schools where the actor currently holds a school-leader membership."""
    led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
    return School.objects.filter(is_active=True, pk__in=led).order_by("name", "id")


def school_led_first(*, actor: User) -> School | None:
    """The first school by name the actor leads (a leader's own dashboard); None for
    anyone who leads none."""
    return schools_led(actor=actor).first()


def school_for_dashboard(*, actor: User, school_id) -> School:
    """The school whose dashboard the actor may open (`dashboard.school`): a school leader
    their own schools, the central office and administrators any active school. Without
    the action at all, PermissionDenied; a school out of reach or missing, 404."""
    scope = scope_for(actor_roles(actor), "dashboard.school")
    if scope == Scope.NONE:
        raise PermissionDenied(REFUSAL)
    pk = as_id(school_id)
    schools = School.objects.filter(is_active=True) if scope == Scope.DISTRICT else schools_led(actor=actor)
    school = schools.filter(pk=pk).first() if pk is not None else None
    if school is None:
        raise Http404("No such school.")
    return school


# --- The dashboard ---------------------------------------------------------------------------


def school_dashboard(*, actor: User, school_id, on: datetime.date | None = None, parts=PARTS) -> dict:
    """Everything on one school's dashboard, for the actor (see the area's docstring).

    `parts` limits the work to some sections (SUMMARY_PARTS for the principal's home); the
    others are None. A fixed number of queries for any size of school.
    """
    school = school_for_dashboard(actor=actor, school_id=school_id)
    day = Day.of(on)
    result: dict[str, Any] = {
        "on": day.on,
        "school": {
            "id": school.pk,
            "name": school.name,
            "code": school.code,
            "grade_band": school.grade_band,
            "grade_band_label": GradeBand(school.grade_band).label,
            "stage": school.stage,
            "stage_label": ImplementationStage(school.stage).label,
        },
        "small_group": SMALL_GROUP,
        **dict.fromkeys(PARTS),
    }
    if {"figures", "trend"} & set(parts):
        row = school_figures(on=day.on, school_ids=[school.pk])["schools"][0]
    if "figures" in parts:
        result["figures"] = {k: v for k, v in row.items() if k not in ("id", "name", "code", "grade_band")}
    if "trend" in parts:  # ending on the figures at a glance, as of the dashboard's date
        result["trend"] = trend(school_id=school.pk, until=day.on, current=row)
    if "goals" in parts:
        result["goals"] = _goals(actor=actor, school=school, day=day)
    if "growth" in parts:
        result["growth"] = staff_growth(school=school, day=day)
    if {"check_ins", "feedback", "coaching"} & set(parts):
        counts = school_activity(school=school, day=day)
        result["check_ins"] = counts["check_ins"] if "check_ins" in parts else None
        result["feedback"] = counts["feedback"] if "feedback" in parts else None
        result["coaching"] = counts["coaching"] if "coaching" in parts else None
    if "supervisees" in parts:
        result["supervisees"] = _overdue_supervisees(actor=actor, school=school, day=day)
    if "feedback" in parts:
        result["feedback"]["mine"] = _my_unacknowledged_feedback(actor=actor, school=school, day=day)
    return result


def school_summary(*, actor: User, school_id, on: datetime.date | None = None) -> dict:
    """The compact dashboard the principal's home includes (figures, goals, check-ins)."""
    return school_dashboard(actor=actor, school_id=school_id, on=on, parts=SUMMARY_PARTS)


# --- Goals -----------------------------------------------------------------------------------


def _goals(*, actor, school: School, day: Day) -> dict:
    """The school's goals (awaiting approval, active, met, missed; drafts and withdrawn
    ones are not the school's goals yet or any more), soonest due first, with their
    progress points; and how many active goals stand at each health. Two queries."""
    visible = goal_list_for_actor(actor=actor).filter(
        kind=GoalKind.SCHOOL, school=school, status__in=SHOWN_GOAL_STATUSES
    )
    points = ProgressUpdate.objects.filter(goal=OuterRef("pk")).order_by("recorded_on", "id")
    rows = (
        visible.annotate(
            progress=ArraySubquery(
                points.values(json=JSONObject(on="recorded_on", value=Cast("value", CharField())))
            )
        )
        .order_by("due_on", "id")
        .values(
            "pk", "statement", "measure", "baseline", "target", "current_value", "starts_on", "due_on",
            "status", "health", "owner_id", "owner__first_name", "owner__last_name", "progress",
        )
    )  # fmt: skip
    active = Q(status=GoalStatus.ACTIVE)
    health = visible.aggregate(
        active=Count("pk", filter=active),
        on_track=Count("pk", filter=active & Q(health=GoalHealth.ON_TRACK)),
        at_risk=Count("pk", filter=active & Q(health=GoalHealth.AT_RISK)),
        off_track=Count("pk", filter=active & Q(health=GoalHealth.OFF_TRACK)),
        met=Count("pk", filter=Q(status=GoalStatus.MET)),
        missed=Count("pk", filter=Q(status=GoalStatus.MISSED)),
        awaiting_approval=Count("pk", filter=Q(status=GoalStatus.AWAITING_APPROVAL)),
    )
    health["not_assessed"] = health["active"] - health["on_track"] - health["at_risk"] - health["off_track"]
    return {"items": [_goal(row, day.on) for row in rows], "health": health}


def _on_the_line(row: Mapping[str, Any], on: datetime.date) -> Decimal:
    return expected_value(
        baseline=row["baseline"],
        target=row["target"],
        starts_on=row["starts_on"],
        due_on=row["due_on"],
        on=on,
    )


def _goal(row: Mapping[str, Any], on: datetime.date) -> dict:
    """One goal for the page and the API: facts, where the straight line from baseline to
    target says it should be, and its progress points (each with the line's value then)."""
    progress = []
    for point in row["progress"]:
        recorded_on = datetime.date.fromisoformat(point["on"])
        progress.append(
            {
                "recorded_on": recorded_on,
                "value": Decimal(point["value"]),
                "on_the_line": _on_the_line(row, recorded_on),
            }
        )
    return {
        "id": row["pk"],
        "statement": row["statement"],
        "measure": row["measure"],
        "owner": {
            "id": row["owner_id"],
            "name": f"{row['owner__first_name']} {row['owner__last_name']}".strip(),
        },
        "status": row["status"],
        "status_label": GoalStatus(row["status"]).label,
        "health": row["health"] if row["status"] == GoalStatus.ACTIVE and row["health"] else None,
        "health_label": GoalHealth(row["health"]).label
        if row["status"] == GoalStatus.ACTIVE and row["health"]
        else None,
        "baseline": row["baseline"],
        "target": row["target"],
        "current_value": row["current_value"],
        "starts_on": row["starts_on"],
        "due_on": row["due_on"],
        "expected_now": _on_the_line(row, on),
        "progress": progress,
        "url": reverse("coaching:goal-detail", kwargs={"goal_id": row["pk"]}),
    }


# --- What the viewer has to do with the staff ----------------------------------------------


def _overdue_supervisees(*, actor, school: School, day: Day) -> list[dict]:
    """The viewer's own current supervisees at the school with overdue check-ins on work
    still going on, as coaching.checkins lets a supervisor read them: name, how many,
    the earliest due date. One query, and one INSERT auditing the check-ins shown."""
    supervisees = Supervision.objects.supervisee_ids(actor, on=day.on)
    staff = Membership.objects.current(on=day.on).filter(school=school).values("user_id")
    rows = list(
        check_in_overdue_followed_by(actor=actor, on=day.on)  # as the coaching workspace lists them
        .filter(owner__in=supervisees)
        .filter(owner__in=staff)
        .values("owner_id", "owner__first_name", "owner__last_name")
        .annotate(overdue=Count("pk"), oldest_due_on=Min("due_on"), ids=ArrayAgg("pk"))
        .order_by("owner__last_name", "owner__first_name", "owner_id")
    )
    shown = [CheckIn(pk=pk) for row in rows for pk in row["ids"]]
    if shown:
        audit_many(actor=actor, action="check_in.listed", targets=shown, data={"school_dashboard": school.pk})
    return [
        {
            "person": {
                "id": row["owner_id"],
                "name": f"{row['owner__first_name']} {row['owner__last_name']}".strip(),
            },
            "overdue": row["overdue"],
            "oldest_due_on": row["oldest_due_on"],
        }
        for row in rows
    ]


def _my_unacknowledged_feedback(*, actor, school: School, day: Day) -> list[dict]:
    """Feedback the viewer gave to the school's staff that still waits for acknowledgement,
    through the coaching firewall (the viewer wrote it, so they are a party). One query."""
    staff = Membership.objects.current(on=day.on).filter(school=school).values("user_id")
    rows = (
        feedback_list_for_actor(actor=actor)
        .prefetch_related(None)
        .filter(author=actor, acknowledged_at__isnull=True, recipient__in=staff)
        .order_by("created_at", "id")
        .values("pk", "created_at", "recipient_id", "recipient__first_name", "recipient__last_name",
                "cycle_id", "cycle__title")
    )  # fmt: skip
    return [
        {
            "id": row["pk"],
            "given_at": row["created_at"],
            "recipient": {
                "id": row["recipient_id"],
                "name": f"{row['recipient__first_name']} {row['recipient__last_name']}".strip(),
            },
            "cycle": {"id": row["cycle_id"], "title": row["cycle__title"]} if row["cycle_id"] else None,
            "url": reverse("coaching:feedback-detail", args=[row["pk"]]),
        }
        for row in rows
    ]
