"""Goal health: on track, at risk or off track.

Progress is compared with the straight line from the baseline (on the start date) to the
target (on the due date), the line every goal chart draws and every "on the line" column
shows: `expected_value` computes it, once, for the health, the charts and the tables. The
latest value on the line or past it (in the goal's direction) is on track; behind it by up
to a quarter of the way from baseline to target, at risk; further behind, off track. So a
goal below its line is never "on track" (issue 12: it used to be, up to ten points of the
way behind, while its chart showed it under the line). Before the start date nothing is
expected yet; after the due date the whole way is.

Then the recent check-ins (the latest three that were answered or left overdue) adjust
it, one step worse each: when the person's own progress ratings there average two or
less (they say it is stuck), and when two of them were left overdue (nobody is tending
the goal). Older check-ins do not count, so a goal recovers once it is tended again.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from coaching.models import CheckIn, CheckInStatus, Goal, GoalHealth, GoalStatus
from core.time import district_today
from webhooks.services import api_path, event_emit_many

AT_RISK_SHORTFALL = Decimal("0.25")  # behind the line by up to a quarter of the way
RECENT_CHECK_INS = 3  # the latest answered or overdue check-ins that count
LOW_RATING = Decimal("2")  # a mean rating this low or lower means the person says it is stuck
MISSED_CHECK_INS = 2  # this many overdue check-ins means nobody is tending the goal
STEPS = [GoalHealth.ON_TRACK, GoalHealth.AT_RISK, GoalHealth.OFF_TRACK]
COUNTED = (CheckInStatus.COMPLETED, CheckInStatus.OVERDUE)  # open ones are not yet due


def expected_share(*, starts_on: datetime.date, due_on: datetime.date, today: datetime.date) -> Decimal:
    """How far along the line from baseline to target the goal should be today (0 to 1)."""
    span = (due_on - starts_on).days
    elapsed = (today - starts_on).days
    return min(max(Decimal(elapsed) / Decimal(span), Decimal(0)), Decimal(1))


def expected_value(
    *, baseline: Decimal, target: Decimal, starts_on: datetime.date, due_on: datetime.date, on: datetime.date
) -> Decimal:
    """The value on the straight line from baseline to target on a date, to two places."""
    share = expected_share(starts_on=starts_on, due_on=due_on, today=on)
    return (Decimal(baseline) + (Decimal(target) - Decimal(baseline)) * share).quantize(Decimal("0.01"))


def goal_chart_data(
    *, starts_on: datetime.date, due_on: datetime.date, baseline, target, measure: str, progress
) -> dict:
    """What coaching/goal_chart.js draws for a goal: the straight line from baseline (on the
    start date) to target (on the due date) and the recorded values, `progress` being
    (date, value) pairs, on an axis of days since the start. Pages put a table of the same
    numbers beside it."""

    def day(date):
        return (date - starts_on).days

    return {
        "start": starts_on.isoformat(),
        "measure": measure,
        "line": [{"x": 0, "y": float(baseline)}, {"x": day(due_on), "y": float(target)}],
        "points": [{"x": day(recorded_on), "y": float(value)} for recorded_on, value in progress],
    }


def line_shortfall(
    *,
    baseline: Decimal,
    target: Decimal,
    starts_on: datetime.date,
    due_on: datetime.date,
    value: Decimal | None,
    on: datetime.date,
) -> Decimal:
    """How far `value` is behind the line on `on`, as a share of the way from baseline to
    target: 0 or less on the line or ahead of it. The line's value is `expected_value`,
    the number the pages show beside the chart."""
    expected = expected_value(baseline=baseline, target=target, starts_on=starts_on, due_on=due_on, on=on)
    if Decimal(target) == Decimal(baseline):
        return Decimal(0)
    return actual_share(baseline=baseline, target=target, value=expected) - actual_share(
        baseline=baseline, target=target, value=value if value is not None else baseline
    )


def actual_share(*, baseline: Decimal, target: Decimal, value: Decimal | None) -> Decimal:
    """How far along the line the latest value is; works for targets below the baseline."""
    if value is None:
        return Decimal(0)
    return (Decimal(value) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline))


def goal_health(
    *,
    baseline: Decimal,
    target: Decimal,
    starts_on: datetime.date,
    due_on: datetime.date,
    value: Decimal | None,
    today: datetime.date,
    recent_ratings: list[int] = (),
    overdue_check_ins: int = 0,
) -> GoalHealth:
    """The health of one goal on `today`; pure, so it can be tested without a database.

    Compared with the value on the line as the pages show it (`expected_value`, two
    places), so "on track" and "on or above the line" are the same statement. A goal with
    nothing recorded stands at its baseline."""
    shortfall = line_shortfall(
        baseline=baseline, target=target, starts_on=starts_on, due_on=due_on, value=value, on=today
    )
    step = 0 if shortfall <= 0 else 1 if shortfall <= AT_RISK_SHORTFALL else 2
    if recent_ratings and Decimal(sum(recent_ratings)) / len(recent_ratings) <= LOW_RATING:
        step += 1
    if overdue_check_ins >= MISSED_CHECK_INS:
        step += 1
    return STEPS[min(step, 2)]


def _health_event(goal: Goal, previous: str) -> dict:
    return {
        "goal": goal.pk,
        "health": goal.health,
        "previous_health": previous,
        "links": {"goal": api_path("goal", goal.pk)},
    }


NEVER = datetime.date.max  # a health no date can change


def goal_health_recheck_on(*, health: GoalHealth, today: datetime.date, **inputs) -> datetime.date:
    """The first day after `today` on which the goal's health, with the same inputs
    (`goal_health`'s other arguments), would differ from `health`; NEVER if none.

    The line only moves towards the target, so with the same value and check-ins a goal
    only falls behind as days pass: its health can only worsen, and after the due date it
    stays. So the day is found by bisection between today and the due date (a few calls
    of `goal_health`, the one definition), and no day before it needs a recomputation."""
    last = inputs["due_on"]
    if last <= today or goal_health(today=last, **inputs) == health:
        return NEVER
    same, differs = today, last
    while (differs - same).days > 1:
        middle = same + datetime.timedelta(days=(differs - same).days // 2)
        if goal_health(today=middle, **inputs) == health:
            same = middle
        else:
            differs = middle
    return differs


def goal_health_refresh(*, goal_ids, today: datetime.date | None = None) -> int:
    """Recompute and store the health of active goals, in three queries for any number.

    Called wherever a goal's inputs change (its line, its value, its status, its
    check-ins), in the same transaction; the check-in job calls `goal_health_refresh_due`.
    """
    return _refresh(Goal.objects.filter(pk__in=list(goal_ids)), today or district_today())


def goal_health_refresh_due(*, changed_goal_ids, today: datetime.date) -> int:
    """What the hourly check-in job recomputes: goals whose check-ins it just changed, goals
    never computed (`health_recheck_on` is NULL: new, or seeded around the services), and
    goals whose line has reached the day their health changes (`health_recheck_on`).
    Every other goal's stored health is what a computation today would give, so it is left
    alone (issue 17: every active goal used to be recomputed every hour). The same goals
    as before are in scope: active, not past their due date, owner still here."""
    due = Q(health_recheck_on__isnull=True) | Q(health_recheck_on__lte=today)
    goals = Goal.objects.filter(
        Q(pk__in=list(changed_goal_ids)) | (due & Q(due_on__gte=today, owner__is_active=True))
    )
    return _refresh(goals, today)


def _refresh(goals_in_scope, today: datetime.date) -> int:
    goals = list(
        goals_in_scope.filter(status=GoalStatus.ACTIVE).only(
            "baseline", "target", "starts_on", "due_on", "current_value", "health", "health_recheck_on"
        )
    )
    if not goals:
        return 0
    ratings: dict[int, list[int]] = defaultdict(list)
    overdue: dict[int, int] = defaultdict(int)
    # The latest few per goal, numbered in the database, so a goal with years of
    # check-ins costs no more to refresh than a new one.
    recent = (
        CheckIn.objects.filter(goal__in=[g.pk for g in goals], status__in=COUNTED)
        .annotate(
            recency=Window(
                RowNumber(), partition_by=[F("goal_id")], order_by=[F("due_on").desc(), F("id").desc()]
            )
        )
        .filter(recency__lte=RECENT_CHECK_INS)
        .values_list("goal_id", "status", "progress_rating")
    )
    for goal_id, status, rating in recent:
        if status == CheckInStatus.OVERDUE:
            overdue[goal_id] += 1
        elif rating is not None:
            ratings[goal_id].append(rating)
    changed, stored = [], []
    previous: dict[int, str] = {}
    for goal in goals:
        inputs = {
            "baseline": goal.baseline,
            "target": goal.target,
            "starts_on": goal.starts_on,
            "due_on": goal.due_on,
            "value": goal.current_value,
            "recent_ratings": ratings[goal.pk],
            "overdue_check_ins": overdue[goal.pk],
        }
        health = goal_health(today=today, **inputs)
        recheck_on = goal_health_recheck_on(health=health, today=today, **inputs)
        if health != goal.health:
            previous[goal.pk] = goal.health
            changed.append(goal)
        if health != goal.health or recheck_on != goal.health_recheck_on:
            goal.health, goal.health_recheck_on = health, recheck_on
            stored.append(goal)
    Goal.objects.bulk_update(stored, ["health", "health_recheck_on"])
    event_emit_many(
        type="goal.health_changed", items=[(_health_event(g, previous[g.pk]), None) for g in changed]
    )
    return len(changed)
