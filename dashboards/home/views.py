"""The home page: where everyone lands when they sign in (see the area's docstring)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dashboards.home.selectors.me import my_dashboard
from dashboards.school.selectors import school_summary


@login_required
def home(request):
    """Where everyone lands: their next steps and their own growth, a section for each role
    they hold (the district, their schools, coaching), and who they are in the district.
    Everything about the person comes from `my_dashboard`; a principal's school summaries
    (aggregates, no names) from `dashboards.school.selectors.school_summary`, one per school
    they lead."""
    dashboard = my_dashboard(actor=request.user)
    leadership = dashboard["leadership"]
    school_dashboards = (
        [school_summary(actor=request.user, school_id=school["id"]) for school in leadership["schools"]]
        if leadership
        else []
    )
    return render(
        request,
        "core/home.html",
        {"me": request.user, "dashboard": dashboard, "school_dashboards": school_dashboards},
    )
