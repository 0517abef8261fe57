"""The school dashboard: what a principal tracks for their school, and the page the central
office drills down to from the district dashboard.

`school_dashboard(actor=, school_id=)` gathers, in a fixed number of queries whatever the
school's size (every figure is a SQL aggregate):

- the school's figures row (dashboards.figures) and its monthly trend (the snapshots,
  ending on that same row as of the dashboard's date);
- its school goals with health, values and progress points (school goals are not private);
- the staff's growth by domain of the educators framework: for everyone who submitted at
  least two rounds, their previous round against their latest (growth since last time,
  which is comparable between people however long they have worked here), beside the mean
  level of everyone's latest round;
- check-ins among the staff (due this week, overdue, answered on time), feedback awaiting
  acknowledgement, and coaching activity, as counts.

Who sees what. The dashboard is `dashboard.school`: school leaders for the schools they
currently lead, the central office and district administrators for any school; anyone else
is refused (403) and a school out of reach is missing (404). Counts about people's own
records are suppressed when one to four people stand behind them (zero is shown: it
describes nobody). Names appear in one place only: the viewer's own current supervisees
at the school with overdue check-ins, the same check-ins `coaching.checkins.
check_in_list_for_actor` lets a supervisor read (and that the escalation job tells them
about), each read written to the audit log. So a principal sees their teachers' names and
the central office sees none, unless they supervise someone there (a principal
supervisor and their principal). The feedback listed is the feedback the viewer gave,
read through the coaching firewall; everyone else's is only counted.
"""

import datetime
import json
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Min, OuterRef, Q
from django.db.models.functions import Cast, JSONObject
from django.http import Http404
from django.urls import reverse

from assessments.models import AdoptionStatus, Audience, Framework
from assessments.windows.selectors import SMALL_GROUP
from coaching.firewall import feedback_list_for_actor
from coaching.goals import goal_list_for_actor
from coaching.health import expected_value
from coaching.models import (
    CheckIn,
    CycleStatus,
    GoalHealth,
    GoalKind,
    GoalStatus,
    ProgressUpdate,
)
from coaching.overdue import OVERDUE_SQL, check_in_overdue_followed_by
from core.api import as_id
from core.audit import audit_many
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from dashboards.figures import IN_FORCE, ON_TIME_DAYS, Day, _fetch, framework_groups, mean, school_figures
from dashboards.snapshots import trend
from schools.models import GradeBand, ImplementationStage, Membership, School, Supervision

DUE_SOON_DAYS = 7  # "due this week": open check-ins due today or in the next six days
OBSERVATION_WINDOWS = (30, 90)  # observations counted over the last 30 and 90 days
GROWTH_BASIS = (
    "Each person's latest submitted round against their previous one, for staff who have "
    "submitted at least twice."
)

PARTS = ("figures", "trend", "goals", "growth", "check_ins", "supervisees", "feedback", "coaching")
# What the principal's home shows (dashboards/_school_summary.html): no names, no audit rows.
SUMMARY_PARTS = ("figures", "goals", "check_ins")
SHOWN_GOAL_STATUSES = (
    GoalStatus.AWAITING_APPROVAL,
    GoalStatus.ACTIVE,
    GoalStatus.MET,
    GoalStatus.MISSED,
)


# --- Who may open which school -------------------------------------------------------------


def schools_led(*, actor):
    """The active schools where the actor currently holds a school-leader membership."""
    led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
    return School.objects.filter(is_active=True, pk__in=led).order_by("name", "id")


def school_for_dashboard(*, actor, school_id) -> School:
    """The school whose dashboard the actor may open (`dashboard.school`): a school leader
    their own schools, the central office and administrators any active school. Without
    the action at all, PermissionDenied; a school out of reach or missing, 404."""
    scope = scope_for(actor_roles(actor), "dashboard.school")
    if scope == Scope.NONE:
        raise PermissionDenied("School dashboards are for school leaders and the central office.")
    pk = as_id(school_id)
    schools = School.objects.filter(is_active=True) if scope == Scope.DISTRICT else schools_led(actor=actor)
    school = schools.filter(pk=pk).first() if pk is not None else None
    if school is None:
        raise Http404("No such school.")
    return school


# --- The dashboard ---------------------------------------------------------------------------


def school_dashboard(*, actor, school_id, on: datetime.date | None = None, parts=PARTS) -> dict:
    """Everything on one school's dashboard, for the actor (see the module docstring).

    `parts` limits the work to some sections (SUMMARY_PARTS for the principal's home); the
    others are None. A fixed number of queries for any size of school.
    """
    school = school_for_dashboard(actor=actor, school_id=school_id)
    day = Day.of(on)
    result = {
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
        result["growth"] = _growth(school=school, day=day)
    if {"check_ins", "feedback", "coaching"} & set(parts):
        counts = _activity(school=school, day=day)
        result["check_ins"] = counts["check_ins"] if "check_ins" in parts else None
        result["feedback"] = counts["feedback"] if "feedback" in parts else None
        result["coaching"] = counts["coaching"] if "coaching" in parts else None
    if "supervisees" in parts:
        result["supervisees"] = _overdue_supervisees(actor=actor, school=school, day=day)
    if "feedback" in parts:
        result["feedback"]["mine"] = _my_unacknowledged_feedback(actor=actor, school=school, day=day)
    return result


def school_summary(*, actor, school_id, on: datetime.date | None = None) -> dict:
    """The compact dashboard the principal's home includes (figures, goals, check-ins)."""
    return school_dashboard(actor=actor, school_id=school_id, on=on, parts=SUMMARY_PARTS)


def count_or_suppressed(count: int, people: int) -> dict:
    """A count about people's own records: shown when nobody or at least five people stand
    behind it, suppressed for one to four."""
    suppressed = 0 < people < SMALL_GROUP
    return {"count": None if suppressed else count, "suppressed": suppressed}


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


def _on_the_line(row: dict, on: datetime.date) -> Decimal:
    return expected_value(
        baseline=row["baseline"],
        target=row["target"],
        starts_on=row["starts_on"],
        due_on=row["due_on"],
        on=on,
    )


def _goal(row: dict, on: datetime.date) -> dict:
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


# --- Staff growth ----------------------------------------------------------------------------

# Who works at the school on the date: the same rule as dashboards.figures.
STAFF_SQL = f"""
staff AS (
    SELECT DISTINCT m.user_id
    FROM schools_membership m
    WHERE m.school_id = %(school)s AND {IN_FORCE}
)"""

GROWTH_SQL = f"""
WITH {STAFF_SQL},
groups (indicator_id, grp) AS (
    SELECT * FROM unnest(%(indicators)s::bigint[], %(groups)s::text[])
),
rounds AS (  -- each person's submitted rounds, 1 = the latest
    SELECT sa.id, sa.person_id,
           row_number() OVER (PARTITION BY sa.person_id ORDER BY sa.submitted_at DESC, sa.id DESC) AS recency
    FROM assessments_selfassessment sa
    WHERE sa.framework_id = %(framework)s AND sa.status = 'submitted' AND sa.submitted_at < %(until)s
      AND sa.person_id IN (SELECT user_id FROM staff)
),
per_round AS (  -- each person's ratings per domain in their latest and previous rounds
    SELECT r.person_id, g.grp, r.recency, sum(l.value) AS total, count(*) AS answers
    FROM rounds r
    JOIN assessments_rating ra ON ra.self_assessment_id = r.id
    JOIN assessments_level l ON l.id = ra.level_id
    JOIN groups g ON g.indicator_id = ra.indicator_id
    WHERE r.recency <= 2
    GROUP BY r.person_id, g.grp, r.recency
),
now AS (  -- everyone's latest round, each person counting once (as figures.level_means)
    SELECT grp, count(*) AS people, sum(total) AS total, sum(answers) AS answers
    FROM per_round WHERE recency = 1 GROUP BY grp
),
paired AS (  -- a person counts in a domain where both rounds rated it
    SELECT person_id, grp,
           sum(total) FILTER (WHERE recency = 1) AS latest_total,
           sum(answers) FILTER (WHERE recency = 1) AS latest_answers,
           sum(total) FILTER (WHERE recency = 2) AS previous_total,
           sum(answers) FILTER (WHERE recency = 2) AS previous_answers
    FROM per_round
    GROUP BY person_id, grp
    HAVING count(*) = 2
),
growth AS (
    SELECT grp, count(*) AS people,
           sum(latest_total) AS latest_total, sum(latest_answers) AS latest_answers,
           sum(previous_total) AS previous_total, sum(previous_answers) AS previous_answers
    FROM paired GROUP BY grp
)
SELECT n.grp, n.people AS now_people, n.total AS now_total, n.answers AS now_answers,
       coalesce(g.people, 0) AS people, g.latest_total, g.latest_answers,
       g.previous_total, g.previous_answers, NULL AS repeaters
FROM now n LEFT JOIN growth g ON g.grp = n.grp
UNION ALL  -- always one row, so the number of people with two rounds is known
SELECT NULL, 0, NULL, 0, 0, NULL, 0, NULL, 0, (SELECT count(*) FROM rounds WHERE recency = 2)
"""


def educators_framework():
    """The district's adopted educators framework (the first adopted, as the benchmark
    and the demo take it); None when there is none."""
    return (
        Framework.objects.filter(audience=Audience.EDUCATORS, adoption_status=AdoptionStatus.ADOPTED)
        .order_by("pk")
        .first()
    )


def _growth(*, school: School, day: Day) -> dict:
    """Mean level by domain now (everyone's latest round, as dashboards.figures.level_means
    computes it) and, for staff with two rounds, their previous round against their latest.
    A domain one to four people stand behind is suppressed. So is a domain's growth when
    one to four of the people behind "now" are not among those with two rounds: "now" times
    its people less "latest" times theirs would be those few people's own mean. Five
    queries: the framework, its shape (three), the levels."""
    framework = educators_framework()
    if framework is None:
        return {"framework": None, "basis": GROWTH_BASIS, "repeaters": None, "domains": []}
    groups, pairs = framework_groups(framework)
    domains = [g for g in groups if g.kind == "domain"]
    keys = {g.key for g in domains}
    pairs = [(indicator, key) for indicator, key in pairs if key in keys]
    params = {
        **day.params(),
        "school": school.pk,
        "framework": framework.pk,
        "indicators": [indicator for indicator, _ in pairs],
        "groups": [key for _, key in pairs],
    }
    rows = {row["grp"]: row for row in _fetch(GROWTH_SQL, params)}
    repeaters = rows[None]["repeaters"]
    result = []
    for group in domains:
        row = rows.get(group.key) or {"now_people": 0, "people": 0}
        now_people, people = row["now_people"], row["people"]
        now_suppressed = 0 < now_people < SMALL_GROUP
        suppressed = people < SMALL_GROUP or 0 < now_people - people < SMALL_GROUP
        latest = previous = change = None
        if not suppressed:
            latest = mean(row["latest_total"], row["latest_answers"], people=people)
            previous = mean(row["previous_total"], row["previous_answers"], people=people)
            change = latest - previous
        result.append(
            {
                "key": group.key,
                "code": group.code,
                "label": group.label,
                "now": mean(row.get("now_total"), row.get("now_answers"), people=now_people),
                "now_people": None if now_suppressed else now_people,
                "now_suppressed": now_suppressed,
                "previous": previous,
                "latest": latest,
                "change": change,
                "people": None if suppressed else people,
                "suppressed": suppressed,
            }
        )
    return {
        "framework": {"id": framework.pk, "title": framework.title},
        "basis": GROWTH_BASIS,
        "repeaters": repeaters if repeaters >= SMALL_GROUP or repeaters == 0 else None,
        "domains": result,
    }


# --- Check-ins, feedback and coaching activity -------------------------------------------------

ACTIVITY_SQL = f"""
WITH {STAFF_SQL},
owed AS (  -- check-ins still owed on work going on: an active goal or a cycle not closed
    SELECT c.owner_id,
           c.status = 'open' AND c.due_on BETWEEN %(on)s AND %(soon)s AS due_soon,
           {OVERDUE_SQL} AS overdue  -- coaching/overdue.py, as every page counts them
    FROM coaching_checkin c
    LEFT JOIN coaching_goal g ON g.id = c.goal_id
    LEFT JOIN coaching_coachingcycle cy ON cy.id = c.cycle_id
    WHERE c.status IN ('open', 'overdue') AND c.owner_id IN (SELECT user_id FROM staff)
      AND (g.status = 'active' OR (cy.id IS NOT NULL AND cy.status <> 'closed'))
),
fell_due AS (  -- as in dashboards.figures: check-ins that fell due in the last thirty days
    SELECT c.owner_id, (c.completed_at AT TIME ZONE %(tz)s)::date <= c.due_on AS on_time
    FROM coaching_checkin c
    WHERE c.due_on >= %(on_time_from)s AND c.due_on < %(on)s
      AND c.owner_id IN (SELECT user_id FROM staff)
),
unacknowledged AS (
    SELECT f.recipient_id FROM coaching_feedback f
    WHERE f.acknowledged_at IS NULL AND f.created_at < %(until)s
      AND f.recipient_id IN (SELECT user_id FROM staff)
),
cycles AS (  -- the school's cycles as they stand: open ones, and those closed this school year
    SELECT c.status FROM coaching_coachingcycle c
    WHERE c.school_id = %(school)s AND (c.status <> 'closed' OR c.closed_at >= %(year_start)s)
),
observations AS (
    SELECT o.observed_on FROM coaching_observation o
    WHERE o.school_id = %(school)s AND o.observed_on > %(observed_from)s AND o.observed_on <= %(on)s
)
SELECT
    (SELECT count(*) FILTER (WHERE due_soon) FROM owed) AS due_soon,
    (SELECT count(DISTINCT owner_id) FILTER (WHERE due_soon) FROM owed) AS due_soon_people,
    (SELECT count(*) FILTER (WHERE overdue) FROM owed) AS overdue,
    (SELECT count(DISTINCT owner_id) FILTER (WHERE overdue) FROM owed) AS overdue_people,
    (SELECT count(*) FROM fell_due) AS fell_due,
    (SELECT count(*) FILTER (WHERE on_time) FROM fell_due) AS on_time,
    (SELECT count(DISTINCT owner_id) FROM fell_due) AS fell_due_people,
    (SELECT count(*) FROM unacknowledged) AS unacknowledged,
    (SELECT count(DISTINCT recipient_id) FROM unacknowledged) AS unacknowledged_people,
    (SELECT coalesce(jsonb_object_agg(status, n), '{{}}'::jsonb)
     FROM (SELECT status, count(*) AS n FROM cycles GROUP BY status) by_status) AS cycles,
    (SELECT count(*) FILTER (WHERE observed_on > %(short_from)s) FROM observations) AS observations_short,
    (SELECT count(*) FROM observations) AS observations_long
"""


def _activity(*, school: School, day: Day) -> dict:
    """Check-in, feedback and coaching counts at the school, in one query."""
    short, long = OBSERVATION_WINDOWS
    params = {
        **day.params(),
        "school": school.pk,
        "soon": day.on + datetime.timedelta(days=DUE_SOON_DAYS - 1),
        "short_from": day.on - datetime.timedelta(days=short),
        "observed_from": day.on - datetime.timedelta(days=long),
    }
    row = _fetch(ACTIVITY_SQL, params)[0]
    on_time_people = row["fell_due_people"]
    on_time = count_or_suppressed(row["on_time"], on_time_people)
    on_time["fell_due"] = None if on_time["suppressed"] else row["fell_due"]
    cycles = json.loads(row["cycles"])  # Django reads jsonb as text on raw cursors
    return {
        "check_ins": {
            "due_soon": count_or_suppressed(row["due_soon"], row["due_soon_people"]),
            "overdue": count_or_suppressed(row["overdue"], row["overdue_people"]),
            "on_time": on_time,
            "due_soon_days": DUE_SOON_DAYS,
            "on_time_days": ON_TIME_DAYS,
        },
        "feedback": {
            "awaiting": count_or_suppressed(row["unacknowledged"], row["unacknowledged_people"]),
            "mine": None,
        },
        "coaching": {
            "cycles_by_status": [
                {"status": status, "label": label, "count": cycles.get(status, 0)}
                for status, label in CycleStatus.choices
            ],
            "open_cycles": sum(cycles.get(s, 0) for s in CycleStatus.values if s != CycleStatus.CLOSED),
            "observations": [
                {"days": short, "count": row["observations_short"]},
                {"days": long, "count": row["observations_long"]},
            ],
        },
    }


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
