"""Exactly once across processes: two dispatchers racing in two processes against the same
database, and a dispatcher killed half-way.

These tests commit their data (the other processes cannot see a test's open transaction),
in a district of the test database, and delete it all afterwards.
"""

import contextlib
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import User
from coaching.checkins.services import check_in_dispatch
from coaching.models import CheckIn, CheckInReminder, CoachingCycle, Goal, ReminderKind
from core.roles import Role
from core.time import district_today
from notifications.models import Kind, Notification
from schools.models import DistrictPolicy, School
from tests.coaching.checkins.test_checkin_dispatch import active_goal, coaching_cycle
from tests.factories import SchoolFactory, SupervisionFactory, person

# Each process runs the real dispatcher. A "meeting point" holds it, inside its transaction,
# just before the named step until the other process has reached the same point: both have
# then read the same state and both try to insert the same rows, so the unique constraints
# alone decide who does the work.
DISPATCHER = r"""
import json, os, sys, time, datetime
import django
django.setup()
from django_tenants.utils import tenant_context
from coaching.checkins import services
from district.models import District

folder, name, mode, slug, today = sys.argv[1:6]

def meet(point):
    open(os.path.join(folder, f"{point}-{name}"), "w").close()
    deadline = time.monotonic() + 60
    while sum(f.startswith(point + "-") for f in os.listdir(folder)) < 2:
        if time.monotonic() > deadline:
            sys.exit(f"{name}: the other dispatcher never reached {point}")
        time.sleep(0.005)

def hold_before(step, point):
    real = getattr(services, step)
    met = []
    def held(*args, **kwargs):
        if not met:
            met.append(meet(point))
        return real(*args, **kwargs)
    setattr(services, step, held)

def die_after(step):
    real = getattr(services, step)
    def dying(*args, **kwargs):
        result = real(*args, **kwargs)
        with open(os.path.join(folder, f"inserted-{name}"), "w") as marker:
            marker.write(str(len(result)))
        time.sleep(600)  # killed here, inside the transaction
    setattr(services, step, dying)

if mode == "race-open":
    hold_before("_open_check_ins", "open")
elif mode == "race-remind":
    hold_before("_remind", "remind")
elif mode == "die":
    die_after("_open_check_ins")

with tenant_context(District.objects.get(schema_name=slug)):
    result = services.check_in_dispatch(today=datetime.date.fromisoformat(today))
print(json.dumps(result))
"""


def database_env() -> dict:
    """The environment of a process that uses this session's test database."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "TEST_REDIS_URL": settings.REDIS_URL,
    }


def start_dispatcher(folder: Path, name: str, mode: str, slug: str, today: datetime.date) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", DISPATCHER, str(folder), name, mode, slug, today.isoformat()],
        cwd=settings.BASE_DIR,
        env=database_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=90)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


@contextlib.contextmanager
def committed_world(district, *, subjects: int, current_open: bool = False):
    """Committed in `district`: five teachers, each supervised by a principal and coached
    by one coach; `subjects` goals and cycles (half each) whose current period falls due
    tomorrow (so it opens today, unless `current_open` already opened it), each with one
    check-in ten days overdue. Everything is deleted on the way out.
    """
    with tenant_context(district):
        today = district_today()
        policy_existed = DistrictPolicy.objects.exists()
        school = SchoolFactory()
        teachers = [person(Role.TEACHER, school) for _ in range(5)]
        principal, coach = person(Role.SCHOOL_LEADER, school), person(Role.COACH, school)
        people = [*teachers, principal, coach]
        for teacher in teachers:
            SupervisionFactory(supervisor=principal, supervisee=teacher)
        anchor = today - datetime.timedelta(days=6)
        goals = [active_goal(teachers[i % 5], anchor=anchor) for i in range(subjects // 2)]
        cycles = [
            coaching_cycle(coach, teachers[i % 5], anchor=anchor) for i in range(subjects - subjects // 2)
        ]
        stale, current = today - datetime.timedelta(days=10), today + datetime.timedelta(days=1)
        for due in [stale, current] if current_open else [stale]:
            CheckIn.objects.bulk_create(
                [CheckIn(goal=g, owner_id=g.owner_id, due_on=due) for g in goals]
                + [CheckIn(cycle=c, owner_id=c.coachee_id, due_on=due) for c in cycles]
            )
        DistrictPolicy.current()
    try:
        yield {"today": today, "goals": goals, "cycles": cycles, "people": people, "principal": principal,
               "coach": coach}  # fmt: skip
    finally:
        with tenant_context(district):
            ids = [p.pk for p in people]
            Notification.objects.filter(recipient_id__in=ids).delete()
            CheckIn.objects.filter(owner_id__in=ids).delete()
            CoachingCycle.objects.filter(coachee_id__in=ids).delete()
            Goal.objects.filter(owner_id__in=ids).delete()
            User.objects.filter(pk__in=ids).delete()
            School.objects.filter(pk=school.pk).delete()
            if not policy_existed:
                DistrictPolicy.objects.all().delete()


@pytest.fixture
def committed(django_db_blocker):
    """Committed access to the test database (no rollback), back to public afterwards."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


@pytest.fixture
def riverside_committed(committed, riverside):
    return riverside


def tally(district, world) -> dict:
    """What the dispatchers left, counted in the database."""
    with tenant_context(district):
        owners = [p.pk for p in world["people"]]
        check_ins = CheckIn.objects.filter(owner_id__in=owners)
        per_subject_period = check_ins.values("goal_id", "cycle_id", "due_on").distinct().count()
        reminders = CheckInReminder.objects.filter(check_in__in=check_ins)
        notes = Notification.objects.filter(recipient_id__in=owners)
        return {
            "check_ins": check_ins.count(),
            "subject_periods": per_subject_period,
            "reminders": {kind: reminders.filter(kind=kind).count() for kind in ReminderKind.values},
            "distinct_reminders": reminders.values("check_in_id", "kind").distinct().count(),
            "notifications": {kind: notes.filter(kind=kind).count() for kind in (
                Kind.CHECK_IN_OPENED, Kind.CHECK_IN_DUE_SOON, Kind.CHECK_IN_OVERDUE, Kind.CHECK_IN_ESCALATED)},
            "escalated_at_set": check_ins.filter(escalated_at__isnull=False).count(),
        }  # fmt: skip


SUBJECTS = 20
EXPECTED = {
    # 20 subjects, each: the current period (opened once) and one stale check-in.
    "check_ins": 2 * SUBJECTS,
    "subject_periods": 2 * SUBJECTS,
    "reminders": {ReminderKind.DUE_SOON: SUBJECTS, ReminderKind.OVERDUE: SUBJECTS, ReminderKind.ESCALATED: SUBJECTS},
    "distinct_reminders": 3 * SUBJECTS,
    # Goals escalate to the principal, cycles to the coach: one notification each.
    "notifications": {Kind.CHECK_IN_OPENED: SUBJECTS, Kind.CHECK_IN_DUE_SOON: SUBJECTS,
                      Kind.CHECK_IN_OVERDUE: SUBJECTS, Kind.CHECK_IN_ESCALATED: SUBJECTS},
    "escalated_at_set": SUBJECTS,
}  # fmt: skip


@pytest.mark.parametrize(
    ("mode", "current_open"),
    [("race-open", False), ("race-remind", True)],
    ids=["racing-to-open", "racing-to-remind"],
)
def test_two_dispatchers_in_two_processes_do_each_thing_exactly_once(
    mode, current_open, riverside_committed, tmp_path
):
    district = riverside_committed
    with committed_world(district, subjects=SUBJECTS, current_open=current_open) as world:
        first = start_dispatcher(tmp_path, "first", mode, district.schema_name, world["today"])
        second = start_dispatcher(tmp_path, "second", mode, district.schema_name, world["today"])
        results = [finished(first), finished(second)]

        point = "open" if mode == "race-open" else "remind"
        assert sorted(p.name for p in tmp_path.iterdir()) == [f"{point}-first", f"{point}-second"], (
            "both dispatchers must have read the same state before either wrote"
        )
        expected = EXPECTED
        if current_open:
            expected = {**EXPECTED, "notifications": {**EXPECTED["notifications"], Kind.CHECK_IN_OPENED: 0}}
        assert tally(district, world) == expected
        for step in ("opened", "due_soon", "overdue", "escalated", "marked_overdue"):
            counts = sorted(r[step] for r in results)
            wanted = 0 if (step == "opened" and current_open) else SUBJECTS
            assert counts == [0, wanted], f"{step}: one dispatcher did it all, the other nothing: {results}"

        with tenant_context(district):
            rerun = check_in_dispatch(today=world["today"])
        assert (rerun["opened"], rerun["due_soon"], rerun["overdue"], rerun["escalated"]) == (0, 0, 0, 0)
        assert tally(district, world) == expected


def test_a_dispatcher_killed_mid_task_leaves_nothing_and_the_next_run_does_the_work_once(
    riverside_committed, tmp_path
):
    district = riverside_committed
    with committed_world(district, subjects=SUBJECTS) as world:
        doomed = start_dispatcher(tmp_path, "doomed", "die", district.schema_name, world["today"])
        marker = tmp_path / "inserted-doomed"
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert doomed.poll() is None, doomed.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the dispatcher never reached its insert"
            time.sleep(0.01)
        assert int(marker.read_text()) == SUBJECTS, "it had inserted the check-ins when it was killed"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)

        with tenant_context(district):
            result = check_in_dispatch(today=world["today"])
            again = check_in_dispatch(today=world["today"])

        assert (result["opened"], result["due_soon"], result["overdue"], result["escalated"]) == (
            SUBJECTS,
        ) * 4
        assert (again["opened"], again["due_soon"], again["overdue"], again["escalated"]) == (0, 0, 0, 0)
        assert tally(district, world) == EXPECTED
