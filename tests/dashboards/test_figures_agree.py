"""Issue 12, item 5: every figure shown in more than one place has the same value in each.

On the demo a school page said 46.2% completion at a glance and 0.0% for the month in its
trend, 5 active cycles against 2, a mean of 2.48 beside an empty mean-level trend; the
district row said 45.2% against 39.4% in the trend; a principal's Coaching page said
"everyone is up to date" while My school listed 18 overdue check-ins. Each figure now has
one definition (dashboards.figures.FIGURES; coaching/checkins/overdue.py for overdue check-ins), and
the trend's last point is today's figures. These tests read each figure back from every
page, API, CSV and snapshot that shows it, on the small district of district_fixture.py
with the demo's shape: a snapshot from before this week's submissions and cycles.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from coaching.models import CheckIn, CheckInStatus, CoachingCycle, Goal
from core.roles import Role
from core.time import district_today
from dashboards.figures import FIGURES
from dashboards.models import Snapshot
from dashboards.snapshots import snapshot_take
from schools.models import Supervision
from tests.dashboards.district_fixture import small_district
from tests.factories import person
from tests.support import get

pytestmark = pytest.mark.django_db

# The figures every place shows (the figures at a glance, the district table's columns).
SHOWN = ("staff", "self_assessment_rate", "mean_level", "active_cycles", "check_in_on_time_rate",
         "goals_on_track_rate", "credentials_earned", "enrollments")  # fmt: skip
DISTRICT_COLUMNS = ("staff", "self_assessment_rate", "active_cycles", "check_in_on_time_rate",
                    "goals_on_track_rate", "credentials_earned", "enrollments")  # fmt: skip


def shown(key, value) -> str:
    """A figure as the pages write it, from any source (a Decimal, an API string, a CSV
    cell): shares in percent with one decimal, means with two, counts as integers; a
    figure not given is "-"."""
    if value in (None, "", "—", "fewer than 5"):
        return "-"
    text = str(value).removesuffix("%")
    kind = FIGURES[key].kind
    if kind == "share":
        number = Decimal(text)
        percent = number * 100 if "." in text and number <= 1 and not str(value).endswith("%") else number
        return str(percent.quantize(Decimal("0.1")))
    if kind == "mean":
        return str(Decimal(text).quantize(Decimal("0.01")))
    return str(int(Decimal(text)))


def plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def at_a_glance(html: str) -> dict:
    """The figures cards (dashboards/_school_figures.html) by figure key."""
    cards = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, re.S))
    return {key: shown(key, plain(cards[FIGURES[key].label])) for key in SHOWN}


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def world():
    """The small district, a principal at Alder who supervises its teachers, and last
    night's snapshot taken before this week's changes: a round submitted today and a cycle
    created today, as the demo seeder leaves them."""
    world = small_district()
    today = district_today()
    alder = world["alder"]
    principal = person(Role.SCHOOL_LEADER, school=alder)
    teachers = list(
        Goal.objects.filter(owner__memberships__school=alder).values_list("owner_id", flat=True).distinct()
    )
    for teacher_id in teachers:
        Supervision.objects.create(supervisor=principal, supervisee_id=teacher_id, started_on=today)
    snapshot_take(on=today - datetime.timedelta(days=1), live=True)
    world.update(principal=principal, today=today)
    return world


def test_each_school_figure_is_the_same_on_every_page_api_csv_and_snapshot(world, api, client):
    alder, today = world["alder"], world["today"]
    central = person(Role.CENTRAL_OFFICE)
    # Something changed since last night's snapshot: a new cycle at Alder.
    CoachingCycle.objects.create(
        coach=person(Role.CENTRAL_OFFICE),
        coachee=world["principal"],
        school=alder,
        title="Started today",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        status="planning",
    )
    places = {}

    school_api = api(central).get(f"/api/v1/dashboards/schools/{alder.pk}/").json()
    places["school API"] = {key: shown(key, school_api["figures"][key]) for key in SHOWN}
    places["school API trend, last point"] = {
        key: shown(key, school_api["trend"][-1].get(key)) for key in SHOWN
    }
    assert school_api["trend"][-1]["live"] and school_api["trend"][-1]["taken_on"] == str(today)

    district_api = api(central).get("/api/v1/dashboards/district/").json()
    row = next(school for school in district_api["schools"] if school["id"] == alder.pk)
    places["district API row"] = {key: shown(key, row[key]) for key in SHOWN}

    client.force_login(central)
    page = get(client, f"/dashboards/schools/{alder.pk}/").content.decode()
    places["school page, at a glance"] = at_a_glance(page)

    trend = page[page.index('id="trend"') :]
    last_rows = {}
    for table in re.findall(r'<table class="trend-table".*?</table>', trend, re.S):
        headers = [plain(h) for h in re.findall(r'<th scope="col" class="num">(.*?)</th>', table, re.S)]
        last = re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S)[-1]
        assert plain(last[0]).endswith(f"as of {plain(last[0]).split('as of ')[-1]}") and "as of" in last[0]
        cells = [plain(cell) for cell in re.findall(r'<td class="num">(.*?)</td>', last[1], re.S)]
        last_rows.update(zip(headers, cells, strict=True))
    places["school page, trend's last row"] = {
        key: shown(key, last_rows[FIGURES[key].label]) for key in SHOWN if FIGURES[key].label in last_rows
    }

    district_page = get(client, "/dashboards/district/").content.decode()
    table_row = re.search(
        rf'<a href="/dashboards/schools/{alder.pk}/">Alder</a></th>(.*?)</tr>', district_page, re.S
    )
    cells = [plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", table_row[1], re.S)]
    domains = len(district_api["groups"]["domains"]) if "groups" in district_api else 4
    # grade band, staff, completion, the domains' levels, then the figures after them, then the stage
    after = cells[3 + domains : -1]
    places["district page row"] = {
        "staff": shown("staff", cells[1]),
        "self_assessment_rate": shown("self_assessment_rate", cells[2]),
        **{key: shown(key, value) for key, value in zip(DISTRICT_COLUMNS[2:], after, strict=True)},
    }

    summary = dict(csv_rows(get(client, reverse("dashboards:school-summary-csv", args=[alder.pk])))[1:])
    places["school summary CSV"] = {
        key: shown(
            key, summary[f"{FIGURES[key].label} (%)" if FIGURES[key].kind == "share" else FIGURES[key].label]
        )
        for key in SHOWN
    }
    schools_csv = csv_rows(get(client, "/dashboards/district/schools.csv"))
    header, alder_line = schools_csv[0], next(line for line in schools_csv if line[0] == "Alder")
    by_header = dict(zip(header, alder_line, strict=True))
    places["district schools CSV"] = {
        key: shown(
            key,
            by_header[f"{FIGURES[key].label} (%)" if FIGURES[key].kind == "share" else FIGURES[key].label],
        )
        for key in DISTRICT_COLUMNS
    }
    trend_csv = csv_rows(get(client, reverse("dashboards:school-trend-csv", args=[alder.pk])))
    trend_last = dict(zip(trend_csv[0], trend_csv[-1], strict=True))
    assert trend_last["As of"] == str(today)
    places["school trend CSV, last row"] = {
        key: shown(
            key,
            trend_last[f"{FIGURES[key].label} (%)" if FIGURES[key].kind == "share" else FIGURES[key].label],
        )
        for key in SHOWN
        if key != "staff"
    }

    client.force_login(world["principal"])
    places["principal's home"] = at_a_glance(get(client, "/").content.decode())

    Snapshot.objects.filter(taken_on=today).delete()
    snapshot_take(on=today, live=True)
    snapshot = Snapshot.objects.get(taken_on=today, school=alder).figures
    places["snapshot of today"] = {key: shown(key, snapshot.get(key)) for key in SHOWN}

    expected = places["school API"]
    assert expected["active_cycles"] == "3", "the cycle started today counts, as it does at a glance"
    assert expected["self_assessment_rate"] == "83.3"
    for place, figures in places.items():
        for key, value in figures.items():
            assert value == expected[key], (
                f"{FIGURES[key].label}: {value} in the {place}, {expected[key]} in the school API"
            )


def test_the_district_row_is_the_same_in_the_table_the_trend_the_csvs_and_the_snapshot(world, api, client):
    today = world["today"]
    central = person(Role.CENTRAL_OFFICE)
    body = api(central).get("/api/v1/dashboards/district/").json()
    expected = {key: shown(key, body["district"][key]) for key in SHOWN}
    assert expected["self_assessment_rate"] == "83.3"
    places = {
        "district API trend, last point": {key: shown(key, body["trend"][-1].get(key)) for key in SHOWN}
    }
    assert body["trend"][-1]["live"] and body["trend"][-1]["taken_on"] == str(today)

    client.force_login(central)
    schools_csv = csv_rows(get(client, "/dashboards/district/schools.csv"))
    district_line = dict(zip(schools_csv[0], schools_csv[-1], strict=True))
    assert district_line["School"] == "District (all schools)"
    places["district schools CSV"] = {
        key: shown(
            key,
            district_line[
                f"{FIGURES[key].label} (%)" if FIGURES[key].kind == "share" else FIGURES[key].label
            ],
        )
        for key in DISTRICT_COLUMNS
    }
    trend_csv = csv_rows(get(client, "/dashboards/district/trend.csv"))
    trend_last = dict(zip(trend_csv[0], trend_csv[-1], strict=True))
    assert trend_last["As of"] == str(today)
    places["district trend CSV, last row"] = {
        key: shown(
            key,
            trend_last[f"{FIGURES[key].label} (%)" if FIGURES[key].kind == "share" else FIGURES[key].label],
        )
        for key in SHOWN
    }
    Snapshot.objects.filter(taken_on=today).delete()
    snapshot_take(on=today, live=True)
    snapshot = Snapshot.objects.get(taken_on=today, school=None).figures
    places["snapshot of today"] = {key: shown(key, snapshot.get(key)) for key in SHOWN}

    for place, figures in places.items():
        for key, value in figures.items():
            assert value == expected[key], (
                f"{FIGURES[key].label}: {value} in the {place}, {expected[key]} in the row"
            )


# --- Overdue check-ins ------------------------------------------------------------------


def overdue_listed(html: str) -> int:
    section = html[html.index('id="overdue-heading"') :].split("</section>")[0]
    return len(re.findall(r"<li>", section))


def test_the_coaching_page_counts_the_overdue_check_ins_my_school_lists(world, api, client):
    """The principal coaches no cycle; her supervisees at Alder owe check-ins on their
    goals: two marked overdue by the nightly job, one open and past its date (the job has
    not run yet). The Coaching page, My school's list and its count say three."""
    principal, today = world["principal"], world["today"]
    goals = list(
        Goal.objects.filter(
            owner__in=Supervision.objects.filter(supervisor=principal).values("supervisee_id")
        )
    )
    for goal, status, days_late in ((goals[0], CheckInStatus.OVERDUE, 9), (goals[1], CheckInStatus.OVERDUE, 4),
                                    (goals[1], CheckInStatus.OPEN, 1)):  # fmt: skip
        CheckIn.objects.create(
            goal=goal, owner=goal.owner, due_on=today - datetime.timedelta(days=days_late), status=status
        )
    CheckIn.objects.create(
        goal=goals[2], owner=goals[2].owner, due_on=today, status=CheckInStatus.OPEN
    )  # due today

    school = api(principal).get(f"/api/v1/dashboards/schools/{world['alder'].pk}/").json()
    listed_on_my_school = sum(row["overdue"] for row in school["supervisees"])
    assert listed_on_my_school == 3
    # Two people owe them: the staff-wide count says "fewer than 5", the list of her own
    # supervisees names them (as the escalation job already does).
    assert school["check_ins"]["overdue"] == {"count": None, "suppressed": True}

    client.force_login(principal)
    workspace = get(client, reverse("coaching:workspace")).content.decode()
    assert "everyone is up to date" not in workspace
    assert overdue_listed(workspace) == 3


def test_a_coachs_home_and_coaching_page_count_the_same_overdue_check_ins(world, api, client):
    """A coach's cycle check-in past its date but not yet marked by the nightly job is
    overdue on her Coaching page and in her home's figures alike."""
    today = world["today"]
    coach = person(Role.COACH, school=world["alder"])
    teacher = Goal.objects.filter(owner__memberships__school=world["alder"]).first().owner
    cycle = CoachingCycle.objects.create(
        coach=coach, coachee=teacher, school=world["alder"], title="Questioning", status="observing",
        starts_on=today - datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=20),
    )  # fmt: skip
    CheckIn.objects.create(
        cycle=cycle, owner=teacher, due_on=today - datetime.timedelta(days=2), status="open"
    )
    CheckIn.objects.create(
        cycle=cycle, owner=teacher, due_on=today - datetime.timedelta(days=9), status="overdue"
    )

    home = api(coach).get("/api/v1/dashboards/me/").json()
    client.force_login(coach)
    workspace = get(client, reverse("coaching:workspace")).content.decode()
    assert home["coaching"]["missed_check_ins"] == overdue_listed(workspace) == 2
