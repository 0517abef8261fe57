"""Issue 12, item 6: a goal's health and its chart agree, and closing a goal has no default.

The case that was wrong: a goal from 20 to 90 over 16 weeks, 6 weeks in, at 41. The line
says 46.25 by today; the goal said "On track" (it was within ten points of the way) while
its chart, its "on the line today" column and the school dashboard showed it under the
line. Health is now computed from the same `expected_value` the pages show.
"""

import re
from decimal import Decimal

import pytest

from coaching.goals import services
from coaching.goals.health import expected_value
from coaching.models import Goal, GoalHealth, GoalKind, GoalStatus
from core.roles import Role
from tests.factories import SchoolFactory, person
from tests.support import days, get, post

pytestmark = pytest.mark.django_db


def exit_ticket_goal(owner, *, value, **fields) -> Goal:
    """The demo teacher's goal: 20 → 90, started six weeks ago, due in ten."""
    goal = Goal.objects.create(
        owner=owner,
        statement="Use exit tickets in every math lesson",
        measure="Share of lessons with an exit ticket",
        baseline=Decimal(20),
        target=Decimal(90),
        starts_on=days(-42),
        due_on=days(70),
        status=GoalStatus.ACTIVE,
        **fields,
    )
    services.goal_progress_add(actor=owner, goal=goal, recorded_on=days(0), value=Decimal(value))
    goal.refresh_from_db()
    return goal


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_goal_below_its_line_is_not_on_track_on_its_page_or_in_the_api(client, api):
    teacher = person(Role.TEACHER)
    goal = exit_ticket_goal(teacher, value="41")
    on_the_line = expected_value(
        baseline=goal.baseline, target=goal.target, starts_on=goal.starts_on, due_on=goal.due_on, on=days(0)
    )
    assert on_the_line == Decimal("46.25")

    assert api(teacher).get(f"/api/v1/goals/{goal.pk}/").json()["health"] == "at_risk"
    client.force_login(teacher)
    page = text_of(get(client, f"/goals/{goal.pk}/"))
    assert "Expected by today 46.25" in page
    assert "At risk" in page and "On track" not in page, "41 is under the line at 46.25"


def test_health_is_on_track_exactly_when_the_value_is_on_or_above_the_line_the_pages_show():
    teacher = person(Role.TEACHER)
    on_line = exit_ticket_goal(teacher, value="46.25")
    just_under = exit_ticket_goal(teacher, value="46.24")
    assert on_line.health == GoalHealth.ON_TRACK
    assert just_under.health == GoalHealth.AT_RISK


def test_the_school_dashboard_shows_a_goal_under_its_line_as_not_on_track(api):
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    goal = exit_ticket_goal(principal, value="41", kind=GoalKind.SCHOOL, school=school)
    body = api(principal).get(f"/api/v1/dashboards/schools/{school.pk}/").json()
    shown = next(g for g in body["goals"]["items"] if g["id"] == goal.pk)
    assert Decimal(shown["current_value"]) < Decimal(shown["expected_now"])
    assert shown["health"] != "on_track"
    assert body["goals"]["health"]["on_track"] == 0


# --- Closing has no default outcome -----------------------------------------------------


def test_the_close_form_starts_with_no_outcome_chosen_and_requires_one(client):
    teacher = person(Role.TEACHER)
    goal = exit_ticket_goal(teacher, value="50")
    client.force_login(teacher)
    page = get(client, f"/goals/{goal.pk}/").content.decode()
    form = page[page.index('id="close-heading"') :]
    select = form[form.index("<select") : form.index("</select>")]
    assert '<option value="" selected>Choose the outcome</option>' in select
    assert not re.search(r'value="(met|missed|withdrawn)"[^>]*selected', select), "no outcome is chosen"

    refused = post(client, f"/goals/{goal.pk}/close/", {})
    assert refused.status_code == 400
    assert "Choose how the goal ended" in text_of(refused)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE, "nothing was closed"

    assert post(client, f"/goals/{goal.pk}/close/", {"outcome": "missed"}).status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.MISSED


def test_closing_through_the_api_requires_the_outcome(api):
    teacher = person(Role.TEACHER)
    goal = exit_ticket_goal(teacher, value="50")
    client = api(teacher)
    refused = client.post(f"/api/v1/goals/{goal.pk}/close/", {}, format="json")
    assert refused.status_code == 400
    assert "outcome" in refused.json()["error"]["fields"]
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE
    closed = client.post(f"/api/v1/goals/{goal.pk}/close/", {"outcome": "met"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "met"
