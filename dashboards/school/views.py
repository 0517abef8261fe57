"""The school dashboard page and its CSV downloads (school leaders, central office, admins).

The page and every download read the same selector (dashboards/school/selectors.py); a
download computes only the section it writes. Other roles get the 403 page; a school out of
reach is a 404.
"""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from coaching.goals.health import goal_chart_data
from core.csv import csv_response
from core.permissions import page_requires
from dashboards import charts
from dashboards.charts import SUPPRESSED
from dashboards.figures import FIGURES
from dashboards.school.selectors import REFUSAL, school_dashboard, school_led_first, schools_led


def _number(value) -> float | None:
    return None if value is None else float(value)


def _growth_chart(growth: dict) -> dict:
    """Previous and latest round by domain (bars); suppressed domains draw no bar, and
    when every domain is suppressed there is no chart, only the table saying so."""
    domains = growth["domains"]
    return {
        "labels": [d["code"] or d["label"] for d in domains],
        "titles": [d["label"] for d in domains],
        "drawn": any(not d["suppressed"] for d in domains),
        "datasets": [
            {"label": "Previous round", "data": [_number(d["previous"]) for d in domains]},
            {"label": "Latest round", "data": [_number(d["latest"]) for d in domains]},
        ],
    }


@page_requires("dashboard.school", REFUSAL)
def school_page(request, school_id):
    dashboard = school_dashboard(actor=request.user, school_id=school_id)
    school = dashboard["school"]
    goals = dashboard["goals"]["items"]
    for goal in goals:
        goal["chart"] = goal_chart_data(
            starts_on=goal["starts_on"],
            due_on=goal["due_on"],
            baseline=goal["baseline"],
            target=goal["target"],
            measure=goal["measure"],
            progress=[(p["recorded_on"], p["value"]) for p in goal["progress"]],
        )
        goal["chart_id"] = f"goal-{goal['id']}-chart"
        goal["chart_data_id"] = f"goal-{goal['id']}-chart-data"
    return render(
        request,
        "dashboards/school.html",
        {
            "dashboard": dashboard,
            "school": school,
            "figures": dashboard["figures"],
            "goals": goals,
            "goal_health": dashboard["goals"]["health"],
            "growth": dashboard["growth"],
            "growth_chart": _growth_chart(dashboard["growth"]),
            "check_ins": dashboard["check_ins"],
            "supervisees": dashboard["supervisees"],
            "feedback": dashboard["feedback"],
            "coaching": dashboard["coaching"],
            "trend_charts": charts.trend_charts(
                prefix=f"school-{school['id']}-trend", points=dashboard["trend"]
            ),
            "led_schools": list(schools_led(actor=request.user)),
        },
    )


@login_required
def my_school(request):
    """A school leader's own school dashboard (the first by name when they lead several:
    that page links the others)."""
    school = school_led_first(actor=request.user)
    if school is None:
        raise Http404("You do not lead a school.")
    return redirect("dashboards:school", school.pk)


# --- CSV downloads ---------------------------------------------------------------------------


def _cell(value):
    return SUPPRESSED if value is None else value


def _percent(share):
    return SUPPRESSED if share is None else charts.as_percent(share)


def _figure(figures, name):
    """A figure as its definition reads it: a share in percent, a mean or a count;
    "fewer than 5" where suppressed, empty where nothing is counted."""
    value = figures[name]
    if value is None:
        return SUPPRESSED if name in figures.get("suppressed", ()) else ""
    return charts.as_percent(value) if FIGURES[name].kind == "share" else value


def _filename(dashboard, table: str) -> str:
    """`school-<code>-<table>.csv`; the code is the district's free text, so only its
    letters, digits, dots, dashes and underscores go into the header (a quote or a line
    break there would break it)."""
    code = re.sub(r"[^A-Za-z0-9._-]", "", dashboard["school"]["code"] or "")
    return f"school-{code or dashboard['school']['id']}-{table}.csv"


@page_requires("dashboard.school", REFUSAL)
def goals_csv(request, school_id):
    dashboard = school_dashboard(actor=request.user, school_id=school_id, parts=("goals",))
    rows = (
        [
            goal["statement"],
            goal["measure"],
            goal["owner"]["name"],
            goal["status_label"],
            goal["health_label"] or "",
            goal["baseline"],
            goal["target"],
            goal["current_value"],
            goal["expected_now"],
            goal["starts_on"],
            goal["due_on"],
        ]
        for goal in dashboard["goals"]["items"]
    )
    header = ["Goal", "Measure", "Owner", "Status", "Health", "Baseline", "Target", "Latest value",
              "On the line today", "Starts on", "Due on"]  # fmt: skip
    return csv_response(filename=_filename(dashboard, "goals"), header=header, rows=rows)


@page_requires("dashboard.school", REFUSAL)
def progress_csv(request, school_id):
    """Every goal's progress values beside the line from baseline to target: the tables
    beside the goals' charts, in one file."""
    dashboard = school_dashboard(actor=request.user, school_id=school_id, parts=("goals",))
    rows = (
        [goal["statement"], point["recorded_on"], point["value"], point["on_the_line"]]
        for goal in dashboard["goals"]["items"]
        for point in goal["progress"]
    )
    header = ["Goal", "Date", "Value", "On the line"]
    return csv_response(filename=_filename(dashboard, "progress"), header=header, rows=rows)


@page_requires("dashboard.school", REFUSAL)
def trend_csv(request, school_id):
    dashboard = school_dashboard(actor=request.user, school_id=school_id, parts=("trend",))
    figures = [*charts.SHARES, *charts.LEVELS, *charts.ACTIVITY]
    rows = (
        [
            point["month"].strftime("%Y-%m"),
            point["taken_on"],
            point.get("staff"),
            *(_percent(point.get(f.key)) if f.kind == "share" else _cell(point.get(f.key)) for f in figures),
        ]
        for point in dashboard["trend"]
    )
    header = [
        "Month",
        "As of",
        "Staff",
        *(f"{f.label} (%)" if f.kind == "share" else f.label for f in figures),
    ]
    return csv_response(filename=_filename(dashboard, "trend"), header=header, rows=rows)


@page_requires("dashboard.school", REFUSAL)
def growth_csv(request, school_id):
    dashboard = school_dashboard(actor=request.user, school_id=school_id, parts=("growth",))
    rows = (
        [
            domain["code"],
            domain["label"],
            SUPPRESSED if domain["now_suppressed"] else domain["now"],
            SUPPRESSED if domain["now_suppressed"] else domain["now_people"],
            SUPPRESSED if domain["suppressed"] else domain["previous"],
            SUPPRESSED if domain["suppressed"] else domain["latest"],
            SUPPRESSED if domain["suppressed"] else domain["change"],
            SUPPRESSED if domain["suppressed"] else domain["people"],
        ]
        for domain in dashboard["growth"]["domains"]
    )
    header = ["Code", "Domain", "Mean level now", "People (now)", "Previous round", "Latest round",
              "Change", "People (two rounds)"]  # fmt: skip
    return csv_response(filename=_filename(dashboard, "growth"), header=header, rows=rows)


@page_requires("dashboard.school", REFUSAL)
def summary_csv(request, school_id):
    """The figures row, check-ins, feedback and coaching counts as measure/value rows."""
    dashboard = school_dashboard(
        actor=request.user, school_id=school_id, parts=("figures", "check_ins", "feedback", "coaching")
    )
    figures, check_ins = dashboard["figures"], dashboard["check_ins"]
    window = check_ins["on_time_days"]
    coaching, feedback = dashboard["coaching"], dashboard["feedback"]

    def count(entry):
        return SUPPRESSED if entry["suppressed"] else entry["count"]

    glance = (
        "staff",
        "self_assessment_rate",
        "mean_level",
        "active_cycles",
        "check_in_on_time_rate",
        "goals_on_track_rate",
        "credentials_earned",
        "enrollments",
    )
    rows = [
        *(
            [f"{FIGURES[key].label} (%)" if FIGURES[key].kind == "share" else FIGURES[key].label,
             _figure(figures, key)]
            for key in glance
        ),
        ["Implementation stage", dashboard["school"]["stage_label"]],
        [f"Check-ins due in the next {check_ins['due_soon_days']} days", count(check_ins["due_soon"])],
        ["Check-ins overdue", count(check_ins["overdue"])],
        [f"Check-ins answered on time, last {window} days", count(check_ins["on_time"])],
        [f"Check-ins that fell due, last {window} days", _cell(check_ins["on_time"]["fell_due"])],
        ["Feedback awaiting acknowledgement", count(feedback["awaiting"])],
        *([f"Coaching cycles: {row['label'].lower()}", row["count"]] for row in coaching["cycles_by_status"]),
        *([f"Observations, last {row['days']} days", row["count"]] for row in coaching["observations"]),
    ]  # fmt: skip
    return csv_response(filename=_filename(dashboard, "summary"), header=["Measure", "Value"], rows=rows)
