"""A principal follows their school on its dashboard; the central office drills down to a
school's dashboard from the district dashboard."""

import datetime
import os
import re
from decimal import Decimal

from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SHOTS_DIR,
    has_no_horizontal_scroll,
    path_is,
    unique,
    wait_until,
)


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def busy_school(district):
    """A school with a principal, six teachers they supervise (two with overdue check-ins,
    five with one due this week) and a school goal with two progress values."""
    from coaching.models import CheckIn, CheckInStatus, Goal, GoalHealth, GoalKind, GoalStatus, ProgressUpdate
    from core.time import district_today

    school = district.school(name=unique("Juniper Elementary"))
    principal = district.person("school_leader", school=school, first_name="Rosa", position="Principal")
    teachers = [district.person("teacher", school=school, first_name=f"Teacher{n}") for n in range(6)]
    for teacher in teachers:
        district.supervise(principal, teacher)
    with tenant_context(district.district):
        today = district_today()

        def day(n):
            return today + datetime.timedelta(days=n)

        goal = Goal.objects.create(
            kind=GoalKind.SCHOOL, school=school, owner=principal, statement=unique("Every child reads daily"),
            measure="Share of students reading daily", baseline=Decimal(40), target=Decimal(90),
            starts_on=day(-60), due_on=day(120), status=GoalStatus.ACTIVE, health=GoalHealth.ON_TRACK,
            current_value=Decimal(58),
        )  # fmt: skip
        ProgressUpdate.objects.create(goal=goal, recorded_on=day(-30), value=Decimal(50), author=principal)
        ProgressUpdate.objects.create(goal=goal, recorded_on=day(-1), value=Decimal(58), author=principal)
        for n, teacher in enumerate(teachers):
            own = Goal.objects.create(
                owner=teacher, statement="Own goal", measure="M", baseline=0, target=10, starts_on=day(-60),
                due_on=day(60), activated_on=day(-60), status=GoalStatus.ACTIVE,
            )  # fmt: skip
            if n < 5:
                CheckIn.objects.create(goal=own, owner=teacher, due_on=day(2))
            if n < 2:
                CheckIn.objects.create(goal=own, owner=teacher, due_on=day(-9), status=CheckInStatus.OVERDUE)
    return school, principal, teachers, goal


def test_a_principal_opens_their_school_dashboard_and_reads_the_goals_and_check_ins(
    page, district, sign_in_as
):
    school, principal, teachers, goal = busy_school(district)
    sign_in_as(principal)
    page.set_viewport_size(DESKTOP)

    page.goto("/dashboards/my-school/")
    expect(page).to_have_url(path_is(f"/dashboards/schools/{school.pk}/"))
    expect(page.get_by_role("heading", name=school.name, level=1)).to_be_visible()

    goals = page.get_by_role("table", name="The school's goals, soonest due first")
    expect(goals.get_by_role("row", name=re.compile(re.escape(goal.statement)))).to_contain_text("On track")
    progress = page.get_by_role("table", name="Progress on Share of students reading daily")
    expect(progress.get_by_role("row")).to_have_count(5)  # header, baseline, two values, target
    expect(progress.get_by_role("row", name=re.compile("58.00"))).to_contain_text("56.39")
    wait_until(page, f"() => window.Chart && Chart.getChart('goal-{goal.pk}-chart')")
    drawn = page.evaluate(f"() => Chart.getChart('goal-{goal.pk}-chart').data.datasets[1].data.length")
    assert drawn == 2, "the chart draws the same two values as its table"

    check_ins = page.get_by_role("table", name="Check-ins among the staff")
    expect(check_ins.get_by_role("row", name=re.compile("^Due this week"))).to_contain_text("5")
    expect(check_ins.get_by_role("row", name=re.compile("^Overdue"))).to_contain_text("fewer than 5")
    overdue = page.get_by_role("table", name=re.compile("People you supervise at"))
    expect(overdue.get_by_role("row")).to_have_count(3)
    expect(overdue).to_contain_text(teachers[0].full_name)
    screenshot(page, "school-dashboard-principal.png")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", name=school.name, level=1)).to_be_visible()
    assert has_no_horizontal_scroll(page)


def test_the_central_office_drills_down_from_the_district_to_a_school(page, district, sign_in_as):
    school, _, teachers, goal = busy_school(district)
    sign_in_as(district.person("central_office", first_name="Cyrus"))
    page.set_viewport_size(DESKTOP)

    page.goto("/dashboards/district/")
    page.get_by_role("link", name=school.name, exact=True).click()

    expect(page).to_have_url(path_is(f"/dashboards/schools/{school.pk}/"))
    expect(page.get_by_role("heading", name=school.name, level=1)).to_be_visible()
    expect(page.get_by_role("table", name="The school's goals, soonest due first")).to_contain_text(
        goal.statement
    )
    expect(page.get_by_role("table", name="Check-ins among the staff")).to_contain_text("fewer than 5")
    expect(page.get_by_text("None of the people you supervise here has an overdue check-in.")).to_be_visible()
    expect(page.get_by_text(teachers[0].full_name)).to_have_count(0)
    screenshot(page, "school-dashboard-central-office.png")
