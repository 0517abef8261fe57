"""The hourly check-in job recomputes only the goals whose health can have changed: those
whose check-ins it changed, those never computed, and those whose line has reached the day
their health moves. The health it leaves is exactly what recomputing every goal gives."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coaching.checkins.services import check_in_complete, check_in_dispatch
from coaching.goals.health import NEVER, goal_health, goal_health_recheck_on, goal_health_refresh
from coaching.models import Cadence, CheckIn, CheckInStatus, Goal, GoalHealth, GoalStatus
from core.roles import Role
from tests.coaching.checkins.test_checkin_dispatch import crowded_district
from tests.factories import person
from tests.support import days

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
DUE = datetime.date(2025, 3, 2)  # 60 days later
# A quiet hour: policy, the due goals and cycles, insert check-ins, due-soon reminders,
# mark overdue, overdue reminders, escalations (each finding nothing new), the goals due for
# a health computation (none: no recent check-ins read, nothing updated) and the savepoint
# pair = 10, at any size.
QUIET_DISPATCH_QUERIES = 10


@pytest.mark.parametrize(
    ("baseline", "target", "value", "ratings", "overdue"),
    list(
        itertools.product(
            ["0", "40"], ["100", "7.5", "40"], [None, "10", "33.3", "55", "100"], [[], [1, 2]], [0, 2]
        )
    ),
)
def test_the_recheck_day_is_the_first_day_the_health_differs(baseline, target, value, ratings, overdue):
    """Against every day, one by one, from before the start to after the due date."""
    inputs = {
        "baseline": Decimal(baseline),
        "target": Decimal(target),
        "starts_on": START,
        "due_on": DUE,
        "value": None if value is None else Decimal(value),
        "recent_ratings": ratings,
        "overdue_check_ins": overdue,
    }
    for today in (START + datetime.timedelta(days=n) for n in range(-3, 66, 3)):
        health = goal_health(today=today, **inputs)
        later = (today + datetime.timedelta(days=n) for n in range(1, 80))
        first_different = next((d for d in later if goal_health(today=d, **inputs) != health), NEVER)
        assert goal_health_recheck_on(health=health, today=today, **inputs) == first_different, today


def a_goal(owner, value, *, baseline=0, target=100, start=-30, due=30):
    return Goal.objects.create(
        owner=owner, statement=f"Goal at {value}", measure="m", baseline=baseline, target=target,
        current_value=value, starts_on=days(start), activated_on=days(start), due_on=days(due),
        cadence=Cadence.WEEKLY, status=GoalStatus.ACTIVE,
    )  # fmt: skip


def stored(goals):
    return {g.pk: g.health for g in Goal.objects.filter(pk__in=[g.pk for g in goals])}


def full_recompute_changes(goals, today) -> int:
    """What recomputing every goal (what the job used to do each hour) would change,
    rolled back so the job's own state carries on untouched."""
    with transaction.atomic():
        changed = goal_health_refresh(goal_ids=[g.pk for g in goals], today=today)
        transaction.set_rollback(True)
    return changed


def test_an_unchanged_goal_is_not_recomputed_and_a_changed_one_is():
    teacher = person(Role.TEACHER)
    steady, answered = a_goal(teacher, Decimal("100")), a_goal(teacher, Decimal("100"))
    assert check_in_dispatch()["health_changed"] == 2, "never computed: both are computed once"
    assert stored([steady, answered]) == {steady.pk: "on_track", answered.pk: "on_track"}
    assert Goal.objects.get(pk=steady.pk).health_recheck_on == NEVER, "at the target: no day changes it"

    # A stored health nobody recomputes stays as it is: put a wrong one in behind the
    # services' back, and the job leaves it, because nothing the health depends on changed.
    Goal.objects.filter(pk__in=[steady.pk, answered.pk]).update(health=GoalHealth.OFF_TRACK)
    assert check_in_dispatch()["health_changed"] == 0
    assert stored([steady]) == {steady.pk: GoalHealth.OFF_TRACK}

    # A check-in falling overdue changes its goal's inputs: that goal is recomputed.
    CheckIn.objects.create(goal=answered, owner=teacher, due_on=days(-3), status=CheckInStatus.OPEN)
    assert check_in_dispatch()["health_changed"] == 1
    assert stored([steady, answered]) == {steady.pk: GoalHealth.OFF_TRACK, answered.pk: "on_track"}


def test_a_goal_is_recomputed_on_the_day_its_line_overtakes_it():
    teacher = person(Role.TEACHER)
    goal = a_goal(teacher, Decimal("50"), start=-30, due=30)  # on the line today, behind from tomorrow
    check_in_dispatch()
    goal.refresh_from_db()
    assert goal.health == "on_track" and goal.health_recheck_on == days(1)
    Goal.objects.filter(pk=goal.pk).update(health_recheck_on=days(2))
    check_in_dispatch(today=days(1))
    assert stored([goal]) == {goal.pk: "on_track"}, "not due for a recomputation yet (by its flag)"
    check_in_dispatch(today=days(2))
    assert stored([goal]) == {goal.pk: "at_risk"}


def test_day_by_day_the_job_leaves_exactly_the_health_a_full_recompute_gives():
    teacher = person(Role.TEACHER)
    goals = [
        a_goal(teacher, Decimal("45"), start=-10, due=50),
        a_goal(teacher, Decimal("50"), start=-30, due=30),
        a_goal(teacher, None, start=-5, due=40),
        a_goal(teacher, Decimal("30"), baseline=80, target=20, start=-20, due=20),
        a_goal(teacher, Decimal("90"), start=-40, due=10),
        a_goal(teacher, Decimal("60"), start=0, due=60),
    ]
    answered = CheckIn.objects.create(goal=goals[0], owner=teacher, due_on=days(2))
    seen = set()
    for n in range(45):
        today = days(n)
        check_in_dispatch(today=today)
        if n == 0:  # an answer (the service's "today" is the real one): recomputed at once
            check_in_complete(actor=teacher, check_in=answered, progress_rating=1)
        assert full_recompute_changes(goals, today) == 0, f"day {n}: {stored(goals)}"
        seen |= set(stored(goals).values())
    assert seen == {"on_track", "at_risk", "off_track"}, "the days covered every health"


@pytest.mark.parametrize("subjects", [10, 500])
def test_a_quiet_hour_reads_no_goal_and_costs_the_same_at_any_size(subjects):
    """The hour after a run: nothing changed, no goal's line reached its day, so the health
    step is the one query that finds no goal due; the same count at 10 and 500 goals."""
    crowded_district(subjects)
    check_in_dispatch()
    with CaptureQueriesContext(connection) as captured:
        assert check_in_dispatch()["health_changed"] == 0
    health_reads = [q["sql"] for q in captured if "ROW_NUMBER" in q["sql"] or "health" in q["sql"]]
    assert len(health_reads) == 1, "only the goals due are looked for, and none is found"
    assert len(captured) == QUIET_DISPATCH_QUERIES, "\n".join(q["sql"][:150] for q in captured)
