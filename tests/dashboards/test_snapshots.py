"""Nightly snapshots: written once per date however often the job runs, the Celery task and
its dispatcher, the back-fill command, and monthly trends read from them."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django_tenants.utils import tenant_context

from coaching.models import Goal, GoalHealth, GoalStatus
from core.roles import Role
from core.time import district_today
from dashboards.figures.schools import school_figures
from dashboards.management.commands.backfill_snapshots import Command as BackfillCommand
from dashboards.models import Snapshot
from dashboards.snapshots import snapshot_backfill, snapshot_take, trend
from dashboards.tasks import take_snapshot_in_district, take_snapshots
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def ago(n: int) -> datetime.date:
    return district_today() - n * DAY


def as_stored(figures: dict) -> dict:
    """Figures as the JSON column keeps them (decimals become strings)."""
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


@pytest.fixture
def schools():
    alder, birch = SchoolFactory(name="Alder"), SchoolFactory(name="Birch")
    for _ in range(5):
        person(Role.TEACHER, school=alder)
    person(Role.TEACHER, school=birch)
    SchoolFactory(name="Closed school", is_active=False)
    return alder, birch


def rows_on(day) -> dict:
    return {row.school_id: row for row in Snapshot.objects.filter(taken_on=day)}


# --- snapshot_take ---------------------------------------------------------------------------


def test_a_snapshot_is_one_row_for_the_district_and_one_per_active_school(schools):
    alder, birch = schools
    day = ago(3)

    written = snapshot_take(on=day)

    rows = rows_on(day)
    assert written == 3
    assert set(rows) == {None, alder.pk, birch.pk}, "the closed school has no row"
    figures = school_figures(on=day)
    assert rows[None].figures == as_stored(figures["district"])
    alder_row = next(row for row in figures["schools"] if row["id"] == alder.pk)
    expected = {k: v for k, v in alder_row.items() if k not in ("id", "name", "code", "grade_band", "stage")}
    assert rows[alder.pk].figures == as_stored(expected)
    assert rows[alder.pk].figures["staff"] == 5 and rows[birch.pk].figures["staff"] == 1
    assert not any(row.backfilled for row in rows.values())


def test_taking_a_date_again_writes_nothing_and_keeps_the_first_figures(schools):
    alder, _ = schools
    day = ago(3)
    snapshot_take(on=day)
    first = {row.pk: (row.school_id, row.figures) for row in Snapshot.objects.all()}
    person(Role.TEACHER, school=alder)  # the figures would differ now

    assert snapshot_take(on=day) == 0
    assert snapshot_take(on=day, live=True) == 0

    assert {row.pk: (row.school_id, row.figures) for row in Snapshot.objects.all()} == first


def test_two_dates_are_two_snapshots(schools):
    assert snapshot_take(on=ago(2)) == 3
    assert snapshot_take(on=ago(1)) == 3

    assert sorted(Snapshot.objects.filter(school=None).values_list("taken_on", flat=True)) == [ago(2), ago(1)]
    assert Snapshot.objects.count() == 6


@pytest.mark.parametrize("size", [1, 50])
def test_a_snapshot_takes_four_queries_whatever_the_district_size(size, django_assert_num_queries):
    for _ in range(size):
        person(Role.TEACHER, school=SchoolFactory())

    with django_assert_num_queries(4):
        assert snapshot_take(on=ago(1)) == size + 1
    # One to see whether the date is taken, two for the figures, one insert: the nightly job
    # in a district of 150 schools must not issue a query per school.


# --- The nightly task ---------------------------------------------------------------------------


def test_the_nightly_task_writes_yesterdays_snapshot_once_with_live_goal_figures(schools, riverside):
    alder, _ = schools
    for teacher in alder.memberships.values_list("user", flat=True):
        Goal.objects.create(
            owner_id=teacher, statement="Exit tickets", measure="Share of lessons", baseline=0, target=10,
            starts_on=ago(30), due_on=ago(-30), status=GoalStatus.ACTIVE, health=GoalHealth.ON_TRACK,
        )  # fmt: skip

    first = take_snapshot_in_district.delay().get()
    connection.set_tenant(riverside)
    second = take_snapshot_in_district.delay().get()
    connection.set_tenant(riverside)

    assert first == 3 and second == 0
    rows = rows_on(ago(1))
    assert set(rows) == {None, *(school.pk for school in schools)}
    assert rows[alder.pk].figures["goals_on_track_rate"] == "1.000", (
        "goal health as it stood, a few minutes on"
    )
    assert rows[alder.pk].figures["active_goals"] == 5
    assert not rows[None].backfilled
    assert Snapshot.objects.count() == 3


def test_the_dispatcher_takes_yesterdays_snapshot_in_every_ready_district(schools, riverside, lakeview):
    with tenant_context(lakeview):
        theirs = SchoolFactory(name="Lakeside")

    assert take_snapshots.delay().get() >= 2
    connection.set_tenant(riverside)

    assert set(rows_on(ago(1))) == {None, *(school.pk for school in schools)}
    with tenant_context(lakeview):
        assert set(rows_on(ago(1))) == {None, theirs.pk}, "each district writes its own schools"


# --- Back-filling ---------------------------------------------------------------------------------


def backfill(*args) -> str:
    out = io.StringIO()
    call_command("backfill_snapshots", *args, stdout=out)
    return out.getvalue()


def test_snapshot_backfill_writes_the_missing_dates_every_n_days_and_keeps_the_others(schools):
    snapshot_take(on=ago(7))
    kept = {row.pk for row in Snapshot.objects.all()}

    assert snapshot_backfill(since=ago(21), until=ago(1), every_days=7) == 2  # T-21, T-14; T-7 taken

    dates = sorted(set(Snapshot.objects.values_list("taken_on", flat=True)))
    assert dates == [ago(21), ago(14), ago(7)]
    assert set(Snapshot.objects.filter(backfilled=False).values_list("pk", flat=True)) == kept
    assert Snapshot.objects.filter(backfilled=True).count() == 6
    backfilled = Snapshot.objects.get(taken_on=ago(14), school=None).figures
    assert backfilled["goals_on_track_rate"] is None and backfilled["active_goals"] is None, "no history"


def test_the_backfill_command_fills_missing_dates_and_keeps_existing_ones(schools, riverside):
    snapshot_take(on=ago(5))
    kept = Snapshot.objects.get(taken_on=ago(5), school=None)

    output = backfill(
        "--district", "riverside", "--since", str(ago(9)), "--until", str(ago(3)), "--every", "2"
    )

    assert connection.schema_name == "riverside", "the command leaves the connection where it was"
    assert f"riverside: 3 dates back-filled ({ago(9)} to {ago(3)})." in output  # T-9, T-7, T-3
    district_rows = Snapshot.objects.filter(school=None).order_by("taken_on")
    assert [(row.taken_on, row.backfilled) for row in district_rows] == [
        (ago(9), True), (ago(7), True), (ago(5), False), (ago(3), True),
    ]  # fmt: skip
    assert Snapshot.objects.get(pk=kept.pk).figures == kept.figures
    assert Snapshot.objects.count() == 4 * 3


def test_the_backfill_command_runs_to_yesterday_by_default(schools):
    output = backfill("--district", "riverside", "--since", str(ago(3)))

    assert "3 dates back-filled" in output
    assert sorted(set(Snapshot.objects.values_list("taken_on", flat=True))) == [ago(3), ago(2), ago(1)]
    assert backfill("--district", "riverside", "--since", str(ago(3))).startswith("riverside: 0 dates")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--district", "nowhere", "--since", "2026-01-01"], "No district 'nowhere'."),
        (["--district", "riverside", "--since", "2026-01-01", "--every", "0"], "--every must be 1 or more."),
        (
            ["--district", "riverside", "--since", "2026-01-01", "--until", "TODAY"],
            "--until must be before today",
        ),
        (["--district", "riverside", "--since", "TOMORROW"], "--since must not be after --until."),
        (["--district", "riverside", "--since", "last week"], "'last week' is not a date (YYYY-MM-DD)."),
        (["--district", "riverside", "--since", "2026-02-30"], "'2026-02-30' is not a date (YYYY-MM-DD)."),
    ],
)
def test_the_backfill_command_refuses_bad_arguments_with_a_clear_message(args, message, schools):
    args = [str(district_today()) if a == "TODAY" else str(ago(-1)) if a == "TOMORROW" else a for a in args]

    with pytest.raises(CommandError, match=re.escape(message)):
        backfill(*args)

    assert Snapshot.objects.count() == 0


def test_a_bad_date_on_the_command_line_is_a_one_line_error_not_a_traceback(capsys):
    """From a shell, a mistyped date prints the usage and the reason and exits; it must not
    end in a Python traceback (an exception escaping the command)."""
    with pytest.raises(SystemExit) as exited:
        BackfillCommand().run_from_argv(
            ["manage.py", "backfill_snapshots", "--district", "riverside", "--since", "last week"]
        )

    assert exited.value.code != 0
    assert "'last week' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


# --- Trends -----------------------------------------------------------------------------------


def snap(day, school=None, **figures):
    return Snapshot.objects.create(taken_on=day, school=school, figures=figures)


def test_a_trend_is_each_months_last_snapshot_oldest_first_for_the_requested_school_only(schools):
    alder, birch = schools
    for day, staff in [(D(2026, 1, 5), 1), (D(2026, 1, 31), 2), (D(2026, 2, 14), 3), (D(2026, 2, 27), 4),
                       (D(2026, 3, 1), 5), (D(2026, 3, 10), 6), (D(2026, 3, 20), 7)]:  # fmt: skip
        snap(day, staff=staff, mean_level=str(Decimal(staff) / 2))
        snap(day, alder, staff=100 + staff)
        snap(day, birch, staff=200 + staff)

    district = trend(until=D(2026, 3, 15))
    alder_trend = trend(school_id=alder.pk, until=D(2026, 3, 15))

    assert district == [
        {"month": D(2026, 1, 1), "taken_on": D(2026, 1, 31), "staff": 2, "mean_level": "1", "live": False},
        {"month": D(2026, 2, 1), "taken_on": D(2026, 2, 27), "staff": 4, "mean_level": "2", "live": False},
        {"month": D(2026, 3, 1), "taken_on": D(2026, 3, 10), "staff": 6, "mean_level": "3", "live": False},
    ], "the snapshot of March 20 is after the date asked for"
    assert [(row["taken_on"], row["staff"]) for row in alder_trend] == [
        (D(2026, 1, 31), 102), (D(2026, 2, 27), 104), (D(2026, 3, 10), 106)
    ]  # fmt: skip


def test_a_trend_of_twelve_months_has_twelve_months():
    """Snapshots on the 10th of every month for two years; twelve months to March 15, 2026
    are April 2025 to March 2026."""
    for n in range(24):
        snap(D(2024 + (3 + n) // 12, (3 + n) % 12 + 1, 10), staff=n)

    months = [row["month"] for row in trend(until=D(2026, 3, 15), months=12)]

    assert months[0] == D(2025, 4, 1) and months[-1] == D(2026, 3, 1)
    assert len(months) == 12
    assert [row["month"] for row in trend(until=D(2026, 3, 15), months=3)] == [
        D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)
    ]  # fmt: skip
