"""The school dashboard page, its CSV downloads and its API body."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest

from core.roles import Role
from core.time import district_today
from dashboards.models import Snapshot
from tests.dashboards.school import test_dashboard as world
from tests.dashboards.school.test_dashboard import educators, submit_round
from tests.factories import person
from tests.support import get, signed_in

pytestmark = pytest.mark.django_db

# The small school of test_dashboard.py, as fixtures here too.
maple, goals, check_ins, feedback = world.maple, world.goals, world.check_ins, world.feedback


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def page(client, maple, goals, check_ins, feedback):
    response = get(signed_in(client, maple["principal"]), f"/dashboards/schools/{maple['school'].pk}/")
    assert response.status_code == 200
    return response


def test_the_page_shows_the_goals_with_a_table_beside_each_progress_chart(page, goals):
    html = page.content.decode()
    reading = goals["reading"]
    assert f'<canvas id="goal-{reading.pk}-chart" data-goal-chart="goal-{reading.pk}-chart-data"' in html
    assert f'<table class="goal-progress-table" id="goal-{reading.pk}-chart-table">' in html
    text = text_of(page)
    assert "Reading on grade level" in text and "On track" in text and "At risk" in text
    assert "2 active goals: 1 on track , 1 at risk , 0 off track" in text
    assert "56.67" in text and "48.33" in text and "56.39" in text  # the line today and at each value
    assert "A draft" not in text and "Withdrawn" not in text and "Birch's goal" not in text
    assert 'data-school-chart="growth"' not in html, "nobody has two rounds: no chart, the table says why"
    growth = html[html.index('id="growth-table"') :]
    assert "fewer than 5" in growth[: growth.index("</table>")]


def test_the_page_shows_check_in_counts_names_feedback_and_coaching(page, maple):
    text = text_of(page)
    html = page.content.decode()
    assert re.search(r'data-count="due-soon">6<', html)
    assert re.search(r'data-count="overdue"><span class="suppressed">fewer than 5', html)
    assert re.search(r'data-count="on-time">4 of 5<', html)
    assert "T Adams" in text and "T Baker" in text, "the principal's overdue supervisees"
    assert re.search(r'id="feedback-awaiting">6<', html)
    assert "For T Baker" in text
    assert "Observations at the school" in text


def test_the_central_office_page_names_nobody(client, maple, goals, check_ins, feedback):
    response = get(
        signed_in(client, person(Role.CENTRAL_OFFICE)), f"/dashboards/schools/{maple['school'].pk}/"
    )
    text = text_of(response)
    assert "T Adams" not in text and "T Baker" not in text
    assert "Names show only for your own supervisees" in text


def test_the_page_loads_chart_js_and_has_a_table_for_the_growth_chart(client, maple):
    framework = educators()
    for teacher in maple["teachers"][:5]:
        submit_round(teacher, framework, "Developing", ago_days=100)
        submit_round(teacher, framework, {"EC.1": "Proficient"}, ago_days=1)
    html = get(
        signed_in(client, maple["principal"]), f"/dashboards/schools/{maple['school'].pk}/"
    ).content.decode()
    assert "vendor/chart.umd.min.js" in html and "dashboards/school.js" in html
    assert 'data-school-chart="growth"' in html and 'id="growth-table"' in html
    growth_table = html[html.index('id="growth-table"') :]
    ec1 = re.sub(r"\s+", "", growth_table[: growth_table.index("EC.2")])
    assert '<tdclass="num">3.00</td><tdclass="num">2.00</td><tdclass="num">3.00</td>' in ec1
    assert '<tdclass="num">+1.00</td><tdclass="num">5</td>' in ec1


# --- CSV -------------------------------------------------------------------------------------


def download(client, maple, table, user=None):
    response = get(
        signed_in(client, user or maple["principal"]), f"/dashboards/schools/{maple['school'].pk}/{table}.csv"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="school-{maple["school"].code}-{table}.csv"'
    )
    return rows_of(response)


def test_goals_csv(client, maple, goals):
    rows = download(client, maple, "goals")
    assert rows[0] == ["Goal", "Measure", "Owner", "Status", "Health", "Baseline", "Target", "Latest value",
                       "On the line today", "Starts on", "Due on"]  # fmt: skip
    today = district_today()
    assert rows[2] == [
        "Reading on grade level", "Share of students reading on grade level", "Pat Principal", "Active",
        "On track", "40.00", "90.00", "58.00", "56.67", str(today - datetime.timedelta(days=60)),
        str(today + datetime.timedelta(days=120)),
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["Attendance", "Reading on grade level", "Family nights"]
    assert rows[3][4] == "" and rows[3][7] == "", "a met goal has no health and no value recorded"


def test_csv_text_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(client, maple):
    world.school_goal(maple["school"], maple["principal"], statement='=HYPERLINK("http://x.example","Open")')
    maple["school"].code = 'MP"L\r\nX-Evil: 1'
    maple["school"].save()
    response = get(
        signed_in(client, maple["principal"]), f"/dashboards/schools/{maple['school'].pk}/goals.csv"
    )
    assert response["Content-Disposition"] == 'attachment; filename="school-MPLX-Evil1-goals.csv"'
    assert rows_of(response)[1][0] == '\'=HYPERLINK("http://x.example","Open")'


def test_progress_csv_is_the_tables_beside_the_goal_charts(client, maple, goals):
    today = district_today()
    assert download(client, maple, "progress") == [
        ["Goal", "Date", "Value", "On the line"],
        ["Reading on grade level", str(today - datetime.timedelta(days=30)), "50.00", "48.33"],
        ["Reading on grade level", str(today - datetime.timedelta(days=1)), "58.00", "56.39"],
    ]


def test_trend_csv(client, maple):
    school = maple["school"]
    first = district_today().replace(day=1)
    earlier = first - datetime.timedelta(days=3)
    figures = {"staff": 7, "self_assessment_rate": "0.625", "check_in_on_time_rate": None, "mean_level": "2.40",
               "goals_on_track_rate": "1.000", "active_cycles": 2, "credentials_earned": 3, "enrollments": 4}  # fmt: skip
    Snapshot.objects.create(taken_on=earlier, school=school, figures=figures)
    Snapshot.objects.create(taken_on=first, school=school, figures={**figures, "staff": 8})

    rows = download(client, maple, "trend")

    assert rows[0] == [
        "Month", "As of", "Staff", "Self-assessment completion (%)", "Check-ins on time (30 days) (%)",
        "Active goals on track (%)", "Mean self-rated level", "Active coaching cycles",
        "Credentials earned this school year", "Pathway enrollments",
    ]  # fmt: skip
    assert rows[1] == [earlier.strftime("%Y-%m"), str(earlier), "7", "62.5", "fewer than 5", "100.0", "2.40",
                       "2", "3", "4"]  # fmt: skip
    today = district_today()
    assert len(rows) == 3, "this month's snapshot gives way to today's figures"
    assert rows[2][:2] == [today.strftime("%Y-%m"), str(today)]


def test_growth_csv_says_where_figures_are_suppressed(client, maple):
    framework = educators()
    for teacher in maple["teachers"][:5]:
        submit_round(teacher, framework, "Developing", ago_days=100)
        submit_round(teacher, framework, "Proficient", ago_days=1)
    rows = download(client, maple, "growth")
    assert rows[0] == ["Code", "Domain", "Mean level now", "People (now)", "Previous round", "Latest round",
                       "Change", "People (two rounds)"]  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["EC.1", "EC.2", "EC.3", "EC.4"]
    assert rows[1][2:] == ["3.00", "5", "2.00", "3.00", "1.00", "5"]

    # Another school's principal sees theirs: four teachers only, suppressed.
    from tests.factories import SchoolFactory

    small = SchoolFactory()
    small_principal = person(Role.SCHOOL_LEADER, small)
    for _ in range(4):
        teacher = person(Role.TEACHER, small)
        submit_round(teacher, framework, "Developing", ago_days=100)
        submit_round(teacher, framework, "Proficient", ago_days=1)
    client.force_login(small_principal)
    response = get(client, f"/dashboards/schools/{small.pk}/growth.csv")
    assert rows_of(response)[1][2:] == ["fewer than 5"] * 6


def test_summary_csv(client, maple, goals, check_ins, feedback):
    rows = dict(download(client, maple, "summary")[1:])
    assert rows["Staff"] == "8"
    assert rows["Check-ins due in the next 7 days"] == "6"
    assert rows["Check-ins overdue"] == "fewer than 5"
    assert rows["Check-ins answered on time, last 30 days"] == "4"
    assert rows["Check-ins that fell due, last 30 days"] == "5"
    assert rows["Feedback awaiting acknowledgement"] == "6"
    assert rows["Coaching cycles: observing"] == "1"
    assert rows["Implementation stage"] == "Getting started"
    assert rows["Active goals on track (%)"] == "fewer than 5", "the goals belong to one person"


# --- API -------------------------------------------------------------------------------------


def test_the_api_has_the_same_figures(api, maple, goals, check_ins, feedback):
    body = api(maple["principal"]).get(f"/api/v1/dashboards/schools/{maple['school'].pk}/").json()

    assert body["school"]["name"] == "Maple" and body["small_group"] == 5
    assert body["figures"]["staff"] == 8
    reading = body["goals"]["items"][1]
    assert reading["expected_now"] == "56.67" and reading["health"] == "on_track"
    assert reading["progress"][0] == {
        "recorded_on": str(district_today() - datetime.timedelta(days=30)), "value": "50.00", "on_the_line": "48.33",
    }  # fmt: skip
    assert body["goals"]["health"]["at_risk"] == 1
    assert body["check_ins"]["due_soon"] == {"count": 6, "suppressed": False}
    assert body["check_ins"]["overdue"] == {"count": None, "suppressed": True}
    assert [row["person"]["name"] for row in body["supervisees"]] == ["T Adams", "T Baker"]
    assert body["feedback"]["awaiting"]["count"] == 6 and len(body["feedback"]["mine"]) == 3
    assert body["coaching"]["open_cycles"] == 1
    assert body["growth"]["domains"][0]["suppressed"] is True
    assert Decimal(body["figures"]["learning_hours"]) == 0


def test_the_api_names_nobody_to_the_central_office(api, maple, check_ins):
    body = api(person(Role.CENTRAL_OFFICE)).get(f"/api/v1/dashboards/schools/{maple['school'].pk}/").json()
    assert body["supervisees"] == [] and body["feedback"]["mine"] == []


# --- The summary on the principal's home -----------------------------------------------------


def test_the_summary_partial_shows_figures_goal_health_check_ins_and_a_link(maple, goals, check_ins):
    from django.template.loader import render_to_string

    from dashboards.school.selectors import school_summary

    summary = school_summary(actor=maple["principal"], school_id=maple["school"].pk)
    html = render_to_string("dashboards/_school_summary.html", {"school_dashboard": summary})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Maple" in text and "Staff 8" in text
    assert "2 active: 1 on track, 1 at risk, 0 off track." in text
    assert "Reading on grade level" in text and "Due this week: 6 ." in text
    assert "Overdue: fewer than 5" in text
    assert f'href="/dashboards/schools/{maple["school"].pk}/"' in html
    assert "T Adams" not in text, "the summary names nobody"
