"""A teacher writes a SMART goal, activates it, records progress and sees the chart and its
health; a principal adds a school goal on the school goals page."""

import datetime
import os
import re

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


def today(district):
    from core.time import district_today

    with tenant_context(district.district):
        return district_today()


def screenshot(page, name):
    os.makedirs(SHOTS_DIR, exist_ok=True)
    page.screenshot(caret="initial", path=os.path.join(SHOTS_DIR, name), full_page=True)


def fill_goal_form(form, *, statement, start, due, baseline="0", target="10"):
    form.get_by_label("Goal statement").fill(statement)
    form.get_by_label(re.compile(r"^Measure")).fill("Students scoring 3+ on the argument rubric")
    form.get_by_label("Baseline").fill(baseline)
    form.get_by_label("Target").fill(target)
    form.get_by_label("Starts on").fill(str(start))
    form.get_by_label(re.compile(r"^Due on")).fill(str(due))
    form.get_by_label("Check-in cadence").select_option("weekly")


def chart_points(page) -> int:
    """How many progress points Chart.js drew (-1 when there is no chart)."""
    return page.evaluate(
        "() => { const chart = window.Chart && Chart.getChart('goal-chart');"
        " return chart ? chart.data.datasets[1].data.length : -1; }"
    )


def test_a_teacher_writes_a_goal_activates_it_and_records_progress(page, district, sign_in_as):
    teacher = district.person("teacher", first_name="Robin")
    sign_in_as(teacher)
    day = today(district)
    statement = unique("My students write full arguments")
    page.set_viewport_size(DESKTOP)

    page.goto("/goals/")
    expect(page.get_by_role("heading", name="My goals", level=1)).to_be_visible()
    page.get_by_role("button", name="Write a goal").click()
    expect(page).to_have_url(path_is("/goals/new/"))
    form = page.locator("form.goal-form")
    fill_goal_form(
        form,
        statement=statement,
        start=day - datetime.timedelta(days=30),
        due=day + datetime.timedelta(days=30),
    )
    competencies = page.get_by_role("group", name="Linked competencies")
    competencies.get_by_role("checkbox").first.check()
    page.get_by_role("textbox", name="Milestone 1", exact=True).fill("Rubric shared with the class")
    page.get_by_label("Milestone 1 due on").fill(str(day + datetime.timedelta(days=5)))
    page.get_by_role("button", name="Save the goal").click()

    expect(page.get_by_role("heading", name=statement, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("saved as a draft")
    expect(page.locator(".badge.goal-status")).to_have_text("Draft")
    expect(page.get_by_text("Rubric shared with the class")).to_be_visible()

    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".badge.goal-status")).to_have_text("Active")
    expect(page.locator(".badge.goal-health")).to_have_text("Health: Off track")
    expect(page.locator("canvas#goal-chart")).to_be_visible()
    wait_until(page, "() => window.Chart && Chart.getChart('goal-chart')")
    assert chart_points(page) == 0, "the line is drawn before any progress"

    progress = page.get_by_role("form", name="Record progress")
    expect(progress.get_by_label("Date")).to_have_value(str(day))
    progress.get_by_label("Value").fill("3.5")
    progress.get_by_label("Note").fill("Most drafts now have a claim")
    progress.get_by_role("button", name="Record progress").click()

    expect(page.get_by_role("status")).to_contain_text("Progress recorded.")
    expect(page.locator(".badge.goal-health")).to_have_text("Health: At risk")
    table = page.get_by_role("table", name=re.compile("^Progress on"))
    expect(table.get_by_role("row", name=re.compile("Most drafts now have a claim"))).to_contain_text("3.50")
    wait_until(page, "() => window.Chart && Chart.getChart('goal-chart')")
    assert chart_points(page) == 1
    screenshot(page, "goal-page.png")

    progress = page.get_by_role("form", name="Record progress")
    progress.get_by_label("Value").fill("5")
    progress.get_by_role("button", name="Record progress").click()
    expect(page.locator(".badge.goal-health")).to_have_text("Health: On track")
    wait_until(page, "() => window.Chart && Chart.getChart('goal-chart')")
    assert chart_points(page) == 2

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.locator("canvas#goal-chart")).to_be_visible()
    assert has_no_horizontal_scroll(page)

    page.goto("/goals/")
    row = page.get_by_role("table", name="Your goals in progress").get_by_role(
        "row", name=re.compile(statement)
    )
    expect(row).to_contain_text("On track")
    expect(row).to_contain_text("5.00")


def test_a_principal_adds_a_school_goal_on_the_school_goals_page(page, district, sign_in_as):
    school = district.school(name=unique("Cedar Middle School"))
    principal = district.person("school_leader", school=school, first_name="Marisol", position="Principal")
    teacher = district.person("teacher", school=school)
    sign_in_as(principal)
    day = today(district)
    statement = unique("Chronic absence falls below ten percent")
    page.set_viewport_size(DESKTOP)

    page.goto(f"/schools/{school.pk}/goals/")
    expect(page.get_by_role("heading", name=f"{school.name}: school goals", level=1)).to_be_visible()
    expect(page.get_by_text("No school goals yet.")).to_be_visible()
    page.locator("summary", has_text="Add a school goal").click()
    form = page.locator("form.goal-form")
    fill_goal_form(
        form, statement=statement, start=day, due=day + datetime.timedelta(days=120), baseline="18"
    )
    page.get_by_role("button", name="Save the school goal").click()

    expect(page).to_have_url(path_is(f"/schools/{school.pk}/goals/"))
    expect(page.get_by_role("status")).to_contain_text("School goal saved as a draft for Marisol")
    row = page.get_by_role("table", name=f"School goals of {school.name}").get_by_role(
        "row", name=re.compile(statement)
    )
    expect(row).to_contain_text("Draft")
    row.get_by_role("link", name=statement).click()
    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".badge.goal-health")).to_have_text("Health: On track")

    # The school's teachers read it (not write it).
    page.context.clear_cookies()
    sign_in_as(teacher)
    page.goto(f"/schools/{school.pk}/goals/")
    row = page.get_by_role("table", name=f"School goals of {school.name}").get_by_role(
        "row", name=re.compile(statement)
    )
    expect(row).to_contain_text("On track")
    expect(page.locator("summary", has_text="Add a school goal")).to_have_count(0)
    screenshot(page, "school-goals.png")
