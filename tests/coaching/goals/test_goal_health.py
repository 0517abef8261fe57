"""Goal health: progress against the straight line from baseline to target, adjusted by
the recent check-ins; and its refresh, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.goals import services
from coaching.goals.health import goal_health, goal_health_refresh
from coaching.models import CheckIn, CheckInStatus, Goal, GoalHealth, GoalStatus
from core.roles import Role
from tests.factories import person
from tests.support import days

ON, RISK, OFF = GoalHealth.ON_TRACK, GoalHealth.AT_RISK, GoalHealth.OFF_TRACK
START = datetime.date(2025, 1, 1)
DUE = datetime.date(2025, 5, 1)  # 120 days later
HALF_WAY = datetime.date(2025, 3, 2)  # day 60: half the line


def health(value, *, baseline="0", target="100", today=HALF_WAY, **check_ins):
    return goal_health(
        baseline=Decimal(baseline),
        target=Decimal(target),
        starts_on=START,
        due_on=DUE,
        value=None if value is None else Decimal(value),
        today=today,
        **check_ins,
    )


# --- The line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50", ON),  # on the line
        ("80", ON),  # ahead of it
        ("120", ON),  # past the target already
        ("49.99", RISK),  # just below the line: never on track (issue 12)
        ("45", RISK),  # five points behind
        ("40", RISK),  # ten points behind
        ("30", RISK),
        ("25", RISK),  # exactly twenty-five behind
        ("24.99", OFF),
        ("10", OFF),  # far behind
        ("-5", OFF),  # gone the wrong way
        (None, OFF),  # half the time gone, nothing recorded
    ],
)
def test_progress_against_the_line_from_baseline_to_target(value, expected):
    assert health(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15", ON),  # 20 → 10 half-way: on the line
        ("12", ON),  # ahead (lower is better)
        ("15.01", RISK),  # just behind the line
        ("17", RISK),
        ("19", OFF),
        ("22", OFF),  # worse than where it started
    ],
)
def test_a_decreasing_target_is_tracked_downwards(value, expected):
    assert health(value, baseline="20", target="10") == expected


def test_a_baseline_other_than_zero_measures_the_share_of_the_way():
    assert health("70", baseline="60", target="80") == ON  # half of 60 → 80
    assert health("65", baseline="60", target="80") == RISK  # a quarter of the way
    assert health("62", baseline="60", target="80") == OFF


def test_before_the_start_nothing_is_expected_yet():
    before = START - datetime.timedelta(days=10)
    assert health(None, today=before) == ON
    assert health("0", today=before) == ON
    assert health("-30", today=before) == OFF, "going backwards is behind even before the start"


def test_on_the_start_date_an_empty_goal_is_on_track():
    assert health(None, today=START) == ON


def test_after_the_due_date_the_whole_way_is_expected():
    late = DUE + datetime.timedelta(days=30)
    assert health("100", today=late) == ON
    assert health("95", today=late) == RISK
    assert health("85", today=late) == RISK
    assert health("60", today=late) == OFF
    assert health("60", today=DUE) == health("60", today=late), "the line stops at the target"


def test_the_expectation_grows_day_by_day():
    assert health(None, today=START) == ON
    assert health(None, today=START + datetime.timedelta(days=1)) == RISK
    assert health(None, today=START + datetime.timedelta(days=30)) == RISK  # a quarter of the way
    assert health(None, today=START + datetime.timedelta(days=31)) == OFF


# --- Check-ins -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([1], RISK),
        ([2, 2, 2], RISK),  # a mean of two is stuck
        ([1, 2, 3], RISK),  # a mean of two
        ([2, 3], ON),  # a mean of 2.5 is not
        ([5, 4, 3], ON),
        ([], ON),
    ],
)
def test_low_progress_ratings_make_an_on_track_goal_one_step_worse(ratings, expected):
    assert health("50", recent_ratings=ratings) == expected


def test_low_ratings_take_at_risk_to_off_track_and_off_track_stays_there():
    assert health("30", recent_ratings=[1, 1]) == OFF
    assert health("0", recent_ratings=[1, 1]) == OFF


@pytest.mark.parametrize(("overdue", "expected"), [(0, ON), (1, ON), (2, RISK), (3, RISK)])
def test_missed_check_ins_make_a_goal_one_step_worse(overdue, expected):
    assert health("50", overdue_check_ins=overdue) == expected


def test_low_ratings_and_missed_check_ins_together_are_off_track():
    assert health("50", recent_ratings=[1], overdue_check_ins=2) == OFF


# --- Refresh ---------------------------------------------------------------------------


def half_way_goal(owner, *, value=None, status=GoalStatus.ACTIVE, health=""):
    return Goal.objects.create(
        owner=owner,
        statement="Half-way goal",
        measure="Points",
        baseline=Decimal(0),
        target=Decimal(100),
        current_value=value,
        starts_on=days(-60),
        due_on=days(60),
        status=status,
        health=health,
    )


def check_in(goal, due_in_days, status, rating=None):
    return CheckIn.objects.create(
        goal=goal, owner=goal.owner, due_on=days(due_in_days), status=status, progress_rating=rating
    )


@pytest.mark.django_db
def test_refresh_stores_the_health_of_active_goals_only():
    owner = person(Role.TEACHER)
    behind = half_way_goal(owner, value=Decimal(10))
    on_line = half_way_goal(owner, value=Decimal(50), health=OFF)
    draft = half_way_goal(owner, value=Decimal(10), status=GoalStatus.DRAFT)
    met = half_way_goal(owner, value=Decimal(10), status=GoalStatus.MET, health=ON)

    changed = goal_health_refresh(goal_ids=[behind.pk, on_line.pk, draft.pk, met.pk])

    assert changed == 2
    assert {g.pk: g.health for g in Goal.objects.filter(owner=owner)} == {
        behind.pk: OFF,
        on_line.pk: ON,
        draft.pk: "",
        met.pk: ON,  # closed goals keep the health they closed with
    }
    assert goal_health_refresh(goal_ids=[behind.pk, on_line.pk]) == 0, "nothing changed, nothing written"
    assert goal_health_refresh(goal_ids=[]) == 0


@pytest.mark.django_db
def test_refresh_on_a_given_day():
    owner = person(Role.TEACHER)
    goal = half_way_goal(owner, value=Decimal(10))
    goal_health_refresh(goal_ids=[goal.pk], today=days(-55))
    goal.refresh_from_db()
    assert goal.health == ON, "five days in, ten points is ahead of the line"


@pytest.mark.django_db
def test_only_the_latest_three_answered_or_missed_check_ins_count():
    owner = person(Role.TEACHER)
    goal = half_way_goal(owner, value=Decimal(50))
    check_in(goal, -50, CheckInStatus.OVERDUE)
    check_in(goal, -40, CheckInStatus.OVERDUE)
    check_in(goal, -30, CheckInStatus.COMPLETED, rating=4)
    check_in(goal, -20, CheckInStatus.COMPLETED, rating=4)
    check_in(goal, -10, CheckInStatus.COMPLETED, rating=3)
    check_in(goal, 5, CheckInStatus.OPEN)  # still to answer: does not count
    goal_health_refresh(goal_ids=[goal.pk])
    goal.refresh_from_db()
    assert goal.health == ON, "two misses long ago no longer count once the goal is tended"

    check_in(goal, -5, CheckInStatus.OVERDUE)
    check_in(goal, -1, CheckInStatus.OVERDUE)
    goal_health_refresh(goal_ids=[goal.pk])
    goal.refresh_from_db()
    assert goal.health == RISK, "two of the latest three were missed"


@pytest.mark.django_db
def test_low_ratings_in_recent_check_ins_lower_the_stored_health():
    owner = person(Role.TEACHER)
    goal = half_way_goal(owner, value=Decimal(50))
    check_in(goal, -20, CheckInStatus.COMPLETED, rating=5)
    check_in(goal, -10, CheckInStatus.COMPLETED, rating=1)
    check_in(goal, -3, CheckInStatus.COMPLETED, rating=1)
    check_in(goal, -1, CheckInStatus.COMPLETED, rating=None)  # answered without a rating
    goal_health_refresh(goal_ids=[goal.pk])
    goal.refresh_from_db()
    assert goal.health == RISK


@pytest.mark.django_db
@pytest.mark.parametrize("goals", [1, 50])
def test_refresh_takes_four_queries_for_any_number_of_goals(goals):
    owner = person(Role.TEACHER)
    ids = []
    for i in range(goals):
        goal = half_way_goal(owner, value=Decimal(i * 2))
        for n in range(4):
            check_in(
                goal, -7 * (n + 1), CheckInStatus.COMPLETED if n % 2 else CheckInStatus.OVERDUE, rating=2
            )
        ids.append(goal.pk)
    with CaptureQueriesContext(connection) as captured:
        goal_health_refresh(goal_ids=ids)
    # The goals, their latest check-ins, one bulk UPDATE of the changed ones, and the
    # webhook endpoints listening for goal.health_changed (none here, so nothing written).
    assert len(captured) == 4, "\n".join(q["sql"] for q in captured)


@pytest.mark.django_db
def test_recording_progress_recomputes_health():
    owner = person(Role.TEACHER)
    goal = half_way_goal(owner)
    services.goal_progress_add(actor=owner, goal=goal, recorded_on=days(0), value=Decimal(35))
    goal.refresh_from_db()
    assert (goal.current_value, goal.health) == (Decimal(35), RISK)
    services.goal_progress_add(actor=owner, goal=goal, recorded_on=days(0), value=Decimal(55))
    goal.refresh_from_db()
    assert (goal.current_value, goal.health) == (Decimal(55), ON)
