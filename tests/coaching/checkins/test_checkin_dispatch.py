"""The check-in dispatcher: periods, opening, reminders, overdue, escalation, time zones,
exactly once, and a fixed number of queries per district."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from coaching.checkins import services
from coaching.checkins.services import check_in_dispatch, current_due_date, due_date_on_or_after
from coaching.models import (
    Cadence,
    CheckIn,
    CheckInReminder,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalStatus,
    ReminderKind,
)
from coaching.tasks import dispatch_check_ins
from core.roles import Role
from core.time import district_today
from notifications.models import Kind, Notification
from schools.models import DistrictPolicy
from tests.factories import SupervisionFactory, person
from tests.support import days

pytestmark = pytest.mark.django_db

D = datetime.date


def active_goal(owner, *, anchor: datetime.date, cadence=Cadence.WEEKLY, due_on=None, **fields) -> Goal:
    """An active goal whose check-in schedule is counted from `anchor` (its activation)."""
    return Goal.objects.create(
        owner=owner,
        statement=fields.pop("statement", "Every student reads 20 minutes a day"),
        measure="Share of students reading daily",
        baseline=Decimal("40"),
        target=Decimal("90"),
        starts_on=fields.pop("starts_on", anchor),
        activated_on=anchor,
        due_on=due_on or anchor + datetime.timedelta(days=180),
        cadence=cadence,
        status=fields.pop("status", GoalStatus.ACTIVE),
        **fields,
    )


def coaching_cycle(coach, coachee, *, anchor: datetime.date, cadence=Cadence.WEEKLY, ends_on=None, **fields):
    return CoachingCycle.objects.create(
        coach=coach,
        coachee=coachee,
        title=fields.pop("title", "Questioning in math talks"),
        starts_on=anchor,
        ends_on=ends_on or anchor + datetime.timedelta(days=90),
        cadence=cadence,
        status=fields.pop("status", CycleStatus.OBSERVING),
        **fields,
    )


def kinds_for(person_) -> list[str]:
    return sorted(Notification.objects.filter(recipient=person_).values_list("kind", flat=True))


# --- Periods (no database) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "anchor", "day", "expected"),
    [
        (Cadence.WEEKLY, D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 12)),  # the first period ends a week in
        (Cadence.WEEKLY, D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 12)),
        (Cadence.WEEKLY, D(2026, 1, 5), D(2026, 1, 13), D(2026, 1, 19)),
        (Cadence.WEEKLY, D(2026, 1, 5), D(2025, 12, 1), D(2026, 1, 12)),  # before the anchor
        (Cadence.BIWEEKLY, D(2026, 1, 5), D(2026, 1, 13), D(2026, 1, 19)),
        (Cadence.BIWEEKLY, D(2026, 1, 5), D(2026, 1, 20), D(2026, 2, 2)),
        (Cadence.MONTHLY, D(2026, 1, 15), D(2026, 1, 20), D(2026, 2, 15)),
        (Cadence.MONTHLY, D(2026, 1, 31), D(2026, 2, 1), D(2026, 2, 28)),  # clamped to February's end
        (Cadence.MONTHLY, D(2026, 1, 31), D(2026, 3, 1), D(2026, 3, 31)),  # and back to the 31st
        (Cadence.MONTHLY, D(2026, 1, 31), D(2026, 4, 1), D(2026, 4, 30)),
        (Cadence.MONTHLY, D(2027, 12, 30), D(2028, 2, 2), D(2028, 2, 29)),  # a leap year, across a year
        (Cadence.MONTHLY, D(2026, 11, 30), D(2026, 12, 31), D(2027, 1, 30)),
    ],
)
def test_due_dates_are_counted_from_the_anchor(cadence, anchor, day, expected):
    assert due_date_on_or_after(anchor=anchor, cadence=cadence, day=day) == expected


def test_a_check_in_opens_two_days_before_it_falls_due_and_never_after_the_end():
    anchor, end = D(2026, 1, 5), D(2026, 3, 1)
    due = D(2026, 1, 12)
    current = {day: current_due_date(anchor=anchor, cadence=Cadence.WEEKLY, ends_on=end, today=day) for day in
               (D(2026, 1, 9), D(2026, 1, 10), D(2026, 1, 12), D(2026, 1, 13), D(2026, 2, 28))}  # fmt: skip
    assert current == {
        D(2026, 1, 9): None,  # three days before: not yet
        D(2026, 1, 10): due,
        D(2026, 1, 12): due,  # the due day itself
        D(2026, 1, 13): None,  # the next period (due on the 19th) is not open yet
        D(2026, 2, 28): None,  # the next due date, March 2, is after the end
    }
    assert services.OPEN_DAYS_BEFORE == 2


# --- Opening -------------------------------------------------------------------------------


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


def test_dispatch_opens_the_current_period_of_goals_and_cycles_and_tells_the_owner(teacher):
    today = district_today()
    goal = active_goal(teacher, anchor=days(-5, today))  # due in 2 days: opens today
    coach = person(Role.COACH)
    cycle = coaching_cycle(coach, teacher, anchor=days(-12, today))  # due in 2 days too
    later = active_goal(teacher, anchor=days(-3, today))  # due in 4 days: not yet

    result = check_in_dispatch()

    assert result["opened"] == 2
    opened = {(c.goal_id, c.cycle_id): c for c in CheckIn.objects.all()}
    assert set(opened) == {(goal.pk, None), (None, cycle.pk)}
    assert all(c.owner_id == teacher.pk and c.due_on == days(2, today) for c in opened.values())
    assert all(c.status == CheckInStatus.OPEN for c in opened.values())
    assert kinds_for(teacher) == [Kind.CHECK_IN_OPENED, Kind.CHECK_IN_OPENED]
    assert not CheckIn.objects.filter(goal=later).exists()
    note = Notification.objects.filter(recipient=teacher).first()
    assert note.url.startswith("/check-ins/")


def test_dispatching_twice_opens_and_sends_nothing_more(teacher):
    active_goal(teacher, anchor=days(-6))  # due tomorrow: opened and due soon at once
    first = check_in_dispatch()
    notes = Notification.objects.count()

    second = check_in_dispatch()

    assert (first["opened"], first["due_soon"]) == (1, 1)
    assert (second["opened"], second["due_soon"], second["overdue"]) == (0, 0, 0)
    assert CheckIn.objects.count() == 1
    assert CheckInReminder.objects.count() == 1
    assert Notification.objects.count() == notes == 2


def test_after_an_outage_only_the_current_period_is_opened(teacher):
    goal = active_goal(teacher, anchor=days(-60))  # eight periods went by unopened

    result = check_in_dispatch()

    assert result["opened"] == (1 if current_due_date(
        anchor=goal.activated_on, cadence=goal.cadence, ends_on=goal.due_on, today=district_today()
    ) else 0)  # fmt: skip
    assert CheckIn.objects.filter(goal=goal).count() == result["opened"]
    assert not CheckIn.objects.filter(goal=goal, due_on__lt=district_today()).exists()


def test_nothing_is_opened_for_closed_subjects_or_people_who_left(teacher):
    anchor = days(-5)
    active_goal(teacher, anchor=anchor, status=GoalStatus.WITHDRAWN)
    active_goal(teacher, anchor=anchor, status=GoalStatus.DRAFT)
    coaching_cycle(person(Role.COACH), teacher, anchor=days(-12), status=CycleStatus.CLOSED)
    gone = person(Role.TEACHER, is_active=False)
    active_goal(gone, anchor=anchor)
    active_goal(teacher, anchor=days(-30), due_on=days(-1))  # its due date has passed

    assert check_in_dispatch()["opened"] == 0
    assert not CheckIn.objects.exists()


def test_monthly_cycle_check_ins_fall_on_the_anchor_day_clamped_to_short_months(teacher):
    coach = person(Role.COACH)
    cycle = coaching_cycle(
        coach, teacher, anchor=D(2027, 1, 31), cadence=Cadence.MONTHLY, ends_on=D(2027, 6, 30)
    )

    for day in (D(2027, 2, 26), D(2027, 3, 29), D(2027, 4, 28)):
        check_in_dispatch(today=day)

    assert list(CheckIn.objects.filter(cycle=cycle).order_by("due_on").values_list("due_on", flat=True)) == [
        D(2027, 2, 28),
        D(2027, 3, 31),
        D(2027, 4, 30),
    ]


# --- Reminders, overdue, escalation ----------------------------------------------------------


def test_an_unanswered_check_in_is_reminded_once_due_soon_once_overdue_then_escalated_once(teacher):
    principal = person(Role.SCHOOL_LEADER)
    other_supervisor = person(Role.CENTRAL_OFFICE)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    SupervisionFactory(supervisor=other_supervisor, supervisee=teacher)
    SupervisionFactory(supervisor=person(Role.CENTRAL_OFFICE), supervisee=teacher, ended_on=D(2025, 1, 1))
    policy = DistrictPolicy.current()
    policy.check_in_escalation_days = 3
    policy.save()
    start = district_today()
    goal = active_goal(teacher, anchor=days(-6, start))  # due tomorrow
    due = days(1, start)

    timeline = {}
    for offset in range(0, 8):
        timeline[offset] = check_in_dispatch(today=days(offset, start))
    check_in = CheckIn.objects.get(goal=goal, due_on=due)

    assert (timeline[0]["opened"], timeline[0]["due_soon"]) == (1, 1)
    assert timeline[1]["due_soon"] == 0, "due soon is sent once, not again on the due day"
    assert (timeline[2]["marked_overdue"], timeline[2]["overdue"]) == (1, 1)
    # Due on day 1, overdue from day 2, escalated on day 4 (three days after it fell due), once.
    assert [timeline[n]["escalated"] for n in range(2, 8)] == [0, 0, 1, 0, 0, 0]
    assert check_in.status == CheckInStatus.OVERDUE and check_in.escalated_at is not None
    assert sorted(check_in.reminders.values_list("kind", flat=True)) == sorted(ReminderKind.values)
    assert kinds_for(principal) == [Kind.CHECK_IN_ESCALATED]
    assert kinds_for(other_supervisor) == [Kind.CHECK_IN_ESCALATED], "every current supervisor is told"
    assert CheckIn.objects.filter(goal=goal).count() == 2, "and the next period opened on day 6"
    notes = Notification.objects.filter(recipient=teacher, url=f"/check-ins/{check_in.pk}/")
    reminders = sorted(notes.exclude(kind=Kind.CHECK_IN_OPENED).values_list("kind", flat=True))
    assert reminders == [Kind.CHECK_IN_DUE_SOON, Kind.CHECK_IN_OVERDUE]
    escalation = Notification.objects.get(recipient=principal)
    assert teacher.first_name in escalation.title and "days overdue" in escalation.title


def test_a_cycle_check_in_is_escalated_to_the_coach(teacher):
    coach = person(Role.COACH)
    cycle = coaching_cycle(coach, teacher, anchor=days(-40))
    stale = CheckIn.objects.create(cycle=cycle, owner=teacher, due_on=days(-6))

    result = check_in_dispatch()

    stale.refresh_from_db()
    assert (result["marked_overdue"], result["overdue"], result["escalated"]) == (1, 1, 1)
    assert stale.status == CheckInStatus.OVERDUE
    assert kinds_for(coach) == [Kind.CHECK_IN_ESCALATED]
    assert stale.reminders.get(kind=ReminderKind.ESCALATED).recipient == coach


def test_a_goal_check_in_is_not_escalated_when_nobody_supervises_the_owner(teacher):
    goal = active_goal(teacher, anchor=days(-40))
    stale = CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(-20))

    result = check_in_dispatch()

    assert (result["overdue"], result["escalated"]) == (1, 0)
    stale.refresh_from_db()
    assert stale.escalated_at is None
    supervisor = person(Role.SCHOOL_LEADER)
    SupervisionFactory(supervisor=supervisor, supervisee=teacher)
    assert check_in_dispatch()["escalated"] == 1, "escalated once there is someone to tell"
    assert kinds_for(supervisor) == [Kind.CHECK_IN_ESCALATED]


def test_check_ins_of_a_closed_goal_are_marked_overdue_but_nobody_is_reminded(teacher):
    SupervisionFactory(supervisor=person(Role.SCHOOL_LEADER), supervisee=teacher)
    goal = active_goal(teacher, anchor=days(-40), status=GoalStatus.WITHDRAWN)
    CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(-20))
    CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(1))

    result = check_in_dispatch()

    assert result["marked_overdue"] == 1
    assert (result["due_soon"], result["overdue"], result["escalated"]) == (0, 0, 0)
    assert not Notification.objects.exists()


def test_completed_check_ins_are_neither_reminded_nor_marked_overdue(teacher):
    goal = active_goal(teacher, anchor=days(-40))
    answered = CheckIn.objects.create(
        goal=goal, owner=teacher, due_on=days(-10), status=CheckInStatus.COMPLETED, progress_rating=4
    )
    CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(0), status=CheckInStatus.COMPLETED)

    result = check_in_dispatch()

    answered.refresh_from_db()
    assert answered.status == CheckInStatus.COMPLETED
    assert (result["due_soon"], result["overdue"], result["marked_overdue"]) == (0, 0, 0)


def test_goal_health_is_recomputed_when_check_ins_fall_overdue(teacher):
    goal = active_goal(teacher, anchor=days(-60), due_on=days(120))
    goal.current_value = Decimal("60")  # ahead of the line: on track by progress alone
    goal.save()
    for n in (10, 24):
        CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(-n))

    check_in_dispatch()

    goal.refresh_from_db()
    assert goal.health == "at_risk", "two missed check-ins move an on-track goal one step worse"


def test_a_dispatch_that_crashes_after_inserting_leaves_nothing_and_the_next_run_does_it_once(
    teacher, monkeypatch
):
    SupervisionFactory(supervisor=person(Role.SCHOOL_LEADER), supervisee=teacher)
    goal = active_goal(teacher, anchor=days(-6))
    CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(-10))
    real_notify = services.notify_many

    def crash(drafts):
        real_notify(drafts)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "notify_many", crash)
    with pytest.raises(RuntimeError, match="worker killed"):
        check_in_dispatch()

    assert CheckIn.objects.count() == 1, "the new check-in was rolled back"
    assert CheckIn.objects.get().status == CheckInStatus.OPEN, "the overdue mark was rolled back"
    assert not CheckInReminder.objects.exists() and not Notification.objects.exists()

    monkeypatch.setattr(services, "notify_many", real_notify)
    result = check_in_dispatch()
    again = check_in_dispatch()

    assert (result["opened"], result["due_soon"], result["overdue"], result["escalated"]) == (1, 1, 1, 1)
    assert (again["opened"], again["due_soon"], again["overdue"], again["escalated"]) == (0, 0, 0, 0)
    assert CheckInReminder.objects.count() == 3
    assert Notification.objects.count() == 4  # opened, due soon, overdue to the teacher; escalated


# --- Districts and time zones ----------------------------------------------------------------


def test_each_district_dispatches_only_its_own_check_ins(teacher, lakeview):
    active_goal(teacher, anchor=days(-5))
    with tenant_context(lakeview):
        theirs = person(Role.TEACHER)
        active_goal(theirs, anchor=days(-5))
        active_goal(theirs, anchor=days(-5))
        assert check_in_dispatch()["opened"] == 2
        assert CheckIn.objects.filter(owner=theirs).count() == 2
    assert CheckIn.objects.count() == 0, "riverside untouched"
    assert check_in_dispatch()["opened"] == 1


def test_the_beat_dispatcher_runs_the_check_ins_of_every_ready_district(teacher, lakeview, riverside):
    active_goal(teacher, anchor=days(-5))
    with tenant_context(lakeview):
        theirs = person(Role.TEACHER)
        active_goal(theirs, anchor=days(-5))

    assert dispatch_check_ins.delay().get() >= 2
    connection.set_tenant(riverside)

    assert CheckIn.objects.filter(owner=teacher).count() == 1
    with tenant_context(lakeview):
        assert CheckIn.objects.filter(owner=theirs).count() == 1


@pytest.fixture
def pacific_and_eastern(riverside, lakeview, monkeypatch):
    """Riverside in Los Angeles, Lakeview in New York, for this test only (the district
    objects are shared by the session; monkeypatch puts their zones back)."""
    monkeypatch.setattr(riverside, "timezone", "America/Los_Angeles")
    monkeypatch.setattr(lakeview, "timezone", "America/New_York")
    return riverside, lakeview


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("anchor", "new_york_opens", "los_angeles_opens", "new_york_overdue", "los_angeles_overdue"),
    [
        # Autumn: clocks go back on Sunday 2026-11-01 (06:00 UTC in New York, 09:00 in LA).
        # Weekly from Tuesday Oct 27: due Tuesday Nov 3, so open from Sunday Nov 1.
        (
            D(2026, 10, 27),
            (utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 3, 59)),  # 01:30 EST Nov 1 / 23:59 EDT Oct 31
            (utc(2026, 11, 1, 7, 30), utc(2026, 11, 1, 6, 30)),  # 00:30 PDT Nov 1 / 23:30 PDT Oct 31
            (utc(2026, 11, 4, 5, 0), utc(2026, 11, 4, 4, 59)),  # midnight EST (UTC-5 by now)
            (utc(2026, 11, 4, 8, 0), utc(2026, 11, 4, 7, 59)),  # midnight PST (UTC-8 by now)
        ),
        # Spring: clocks go forward on Sunday 2026-03-08 (07:00 UTC in New York, 10:00 in LA).
        (
            D(2026, 3, 3),
            (utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 4, 59)),  # 01:30 EST Mar 8 / 23:59 EST Mar 7
            (utc(2026, 3, 8, 8, 30), utc(2026, 3, 8, 7, 59)),  # 00:30 PST Mar 8 / 23:59 PST Mar 7
            (utc(2026, 3, 11, 4, 0), utc(2026, 3, 11, 3, 59)),  # midnight EDT (UTC-4 by now)
            (utc(2026, 3, 11, 7, 0), utc(2026, 3, 11, 6, 59)),  # midnight PDT (UTC-7 by now)
        ),
    ],
    ids=["autumn-2026-11-01", "spring-2026-03-08"],
)
def test_pacific_and_eastern_districts_get_check_ins_on_their_own_dates_across_daylight_saving(
    pacific_and_eastern, monkeypatch, anchor, new_york_opens, los_angeles_opens, new_york_overdue,
    los_angeles_overdue,
):  # fmt: skip
    los_angeles, new_york = pacific_and_eastern
    goals = {}
    for district in (los_angeles, new_york):
        with tenant_context(district):
            goals[district.schema_name] = active_goal(person(Role.TEACHER), anchor=anchor).pk

    def dispatch_at(moment, district):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        with tenant_context(district):
            result = check_in_dispatch()
            check_in = CheckIn.objects.filter(goal_id=goals[district.schema_name]).first()
        return result, check_in

    # The moment just before each district's local midnight does nothing there; the
    # moment after does it, even though the other district has already (or not yet) turned.
    for district, (after, before) in ((new_york, new_york_opens), (los_angeles, los_angeles_opens)):
        assert dispatch_at(before, district)[0]["opened"] == 0, f"{district.timezone} at {before}"
        result, check_in = dispatch_at(after, district)
        assert result["opened"] == 1, f"{district.timezone} at {after}"
        assert check_in.due_on == anchor + datetime.timedelta(days=7)
    assert dispatch_at(new_york_opens[0], los_angeles)[0]["opened"] == 0, "already open in LA"

    for district, (after, before) in ((new_york, new_york_overdue), (los_angeles, los_angeles_overdue)):
        result, check_in = dispatch_at(before, district)
        assert check_in.status == CheckInStatus.OPEN, f"{district.timezone} at {before}: still its due day"
        result, check_in = dispatch_at(after, district)
        assert result["marked_overdue"] == 1 and check_in.status == CheckInStatus.OVERDUE


def test_new_york_is_on_the_new_date_while_los_angeles_is_still_on_the_old_one(
    pacific_and_eastern, monkeypatch
):
    los_angeles, new_york = pacific_and_eastern
    monkeypatch.setattr(timezone, "now", lambda: utc(2026, 11, 1, 6, 30))
    with tenant_context(new_york):
        assert district_today() == D(2026, 11, 1)
    with tenant_context(los_angeles):
        assert district_today() == D(2026, 10, 31)


# --- Queries ---------------------------------------------------------------------------------

# policy; the due goals and cycles (one UNION); insert check-ins; due-soon reminders;
# mark overdue; overdue reminders; escalations; stamp escalated_at; notifications
# (preferences, insert); health (goals, recent check-ins, update); and the savepoint
# pair of the service's transaction = 15, whatever the number of goals and cycles;
# + 2 webhook endpoint lookups (check_in.overdue, goal.health_changed; no endpoint here,
# so nothing more is written) = 17.
DISPATCH_QUERIES = 17


def crowded_district(n: int):
    """n due subjects (half goals, half cycles) among ten people, each subject with a
    check-in opening today (and due tomorrow) and one ten days overdue: every step of the
    dispatcher has work for every subject."""
    today = district_today()
    owners = [person(Role.TEACHER) for _ in range(10)]
    coach = person(Role.COACH)
    for owner in owners:
        SupervisionFactory(supervisor=coach, supervisee=owner)
    anchor = days(-6, today)
    goals = Goal.objects.bulk_create(
        Goal(owner=owners[i % 10], statement=f"Goal {i}", measure="m", baseline=0, target=10, starts_on=anchor,
             activated_on=anchor, due_on=days(100, today), cadence=Cadence.WEEKLY, status=GoalStatus.ACTIVE)
        for i in range(n // 2)
    )  # fmt: skip
    cycles = CoachingCycle.objects.bulk_create(
        CoachingCycle(coach=coach, coachee=owners[i % 10], title=f"Cycle {i}", starts_on=anchor,
                      ends_on=days(100, today), cadence=Cadence.WEEKLY, status=CycleStatus.OBSERVING)
        for i in range(n - n // 2)
    )  # fmt: skip
    CheckIn.objects.bulk_create(
        [CheckIn(goal=g, owner_id=g.owner_id, due_on=days(-10, today)) for g in goals]
        + [CheckIn(cycle=c, owner_id=c.coachee_id, due_on=days(-10, today)) for c in cycles]
    )
    DistrictPolicy.current()
    return goals, cycles


@pytest.mark.parametrize("subjects", [10, 500])
def test_dispatch_takes_the_same_number_of_queries_for_10_and_500_due_items(subjects):
    goals, _ = crowded_district(subjects)

    with CaptureQueriesContext(connection) as captured:
        result = check_in_dispatch()

    assert result == {
        "opened": subjects,
        "due_soon": subjects,
        "overdue": subjects,
        "escalated": subjects,
        "marked_overdue": subjects,
        "health_changed": len(goals),
    }
    assert len(captured) == DISPATCH_QUERIES, (
        f"check_in_dispatch with {subjects} due goals and cycles took {len(captured)} queries; it must "
        f"take {DISPATCH_QUERIES} at any size, or a district with thousands of goals becomes thousands of "
        "round trips every hour:\n" + "\n".join(q["sql"][:200] for q in captured)
    )
    assert Notification.objects.filter(kind=Kind.CHECK_IN_ESCALATED).count() == subjects
