"""The coach's home lists the coaching work waiting on her first (feedback to write,
observations due, cycles waiting on her), each row linking to where she acts, and the API
carries the same lists; the page costs the same whatever her caseload."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.calendar.services import coaching_event_schedule
from coaching.cycles.selectors.workspace import OBSERVATION_DUE_AFTER_DAYS
from coaching.cycles.services.feedback import feedback_give
from coaching.cycles.services.lifecycle import cycle_start, cycle_transition
from coaching.cycles.services.observations import observation_record
from coaching.models import CoachingCycle, CycleStatus
from core.roles import Role
from core.time import district_today
from tests.coaching.cycles.test_cycles import live_indicators
from tests.factories import person
from tests.support import get

pytestmark = pytest.mark.django_db


def cycle_in(world, coachee, status, title, *, coach=None):
    coach = coach or world.coach
    today = district_today()
    cycle = cycle_start(
        actor=coach, coachee=coachee, title=title, starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30), cadence="weekly",
        focus_indicator_ids=[live_indicators(n=1)[0].pk],
    )  # fmt: skip
    for step in ("observing", "feedback", "reflecting"):
        if cycle.status == status:
            break
        cycle = cycle_transition(actor=coach, cycle=cycle, to=step)
    return cycle


def observe(world, cycle, days_ago=0):
    return observation_record(
        actor=cycle.coach, observed=cycle.coachee, kind="observation", cycle=cycle, notes="n",
        observed_on=district_today() - datetime.timedelta(days=days_ago),
    )  # fmt: skip


def test_the_coachs_home_lists_the_work_due_before_her_own_items(client, world):
    written = cycle_in(world, world.teacher, "observing", "Needs feedback")
    observation = observe(world, written)
    stale = cycle_in(world, world.colleague, "observing", "Stale")
    observe(world, stale, days_ago=OBSERVATION_DUE_AFTER_DAYS + 1)
    feedback_give(
        actor=world.coach, cycle=stale, observation=stale.observations.get(), strengths="S", next_steps="N"
    )
    planned = cycle_in(world, person(Role.TEACHER, world.school), "observing", "Planned ahead")
    coaching_event_schedule(
        actor=world.coach, cycle=planned, kind="observation", minutes=30,
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2),
    )  # fmt: skip
    planning = cycle_in(world, person(Role.TEACHER, world.school), "planning", "Still planning")
    cycle_in(
        world, person(Role.TEACHER, world.elsewhere), "observing", "Someone else's", coach=world.other_coach
    )

    client.force_login(world.coach)
    page = get(client, "/").content.decode()
    due = re.search(r'<section aria-labelledby="work-due-heading".*?</section>', page, re.S).group(0)
    assert page.index("work-due-heading") < page.index("coaching-heading"), "work due comes first"
    if "next-steps-heading" in page:
        assert page.index("work-due-heading") < page.index("next-steps-heading")
    assert f"/coaching/cycles/{written.pk}/?observation={observation.pk}#feedback-heading" in due
    assert f"Give feedback to {world.teacher.full_name}" in due
    assert f"/coaching/observe/?cycle={stale.pk}" in due, "observed long ago, nothing planned"
    assert f"?cycle={planned.pk}" not in due, "an observation is planned"
    assert f"/coaching/cycles/{planning.pk}/" in due and "then move the cycle to observing" in due
    assert "Someone else's" not in due
    assert "Stale" in due and "Needs feedback" in due


def test_the_api_carries_the_same_work_due(world, api):
    written = cycle_in(world, world.teacher, "observing", "Needs feedback")
    observation = observe(world, written)
    closed = cycle_in(world, world.colleague, "reflecting", "Closed one")
    observe(world, closed)
    cycle_transition(actor=world.coach, cycle=closed, to="closed", summary="Done")
    due = api(world.coach).get("/api/v1/dashboards/me/").json()["coaching"]["work_due"]
    assert due["feedback_to_write_total"] == 1
    [row] = due["feedback_to_write"]
    assert row["observation"]["id"] == observation.pk and row["person"]["id"] == world.teacher.pk
    assert row["url"] == f"/coaching/cycles/{written.pk}/?observation={observation.pk}#feedback-heading"
    assert due["observations_due"] == [] and due["cycles_waiting"] == []
    assert api(world.teacher).get("/api/v1/dashboards/me/").json()["coaching"] is None


# The coach's home: the request's own and her growth section as any teacher's with nothing
# in it (14, each thing read once), the coaching figures (3) and the work due (2: observations
# without feedback with their total in a window; open cycles with what happened in each), the
# inbox (1).
COACH_HOME_QUERIES = 20


@pytest.mark.parametrize("rows", [1, 50])
def test_the_coachs_home_costs_the_same_with_1_and_50_cycles(client, world, rows):
    for i in range(rows):
        coachee = person(Role.TEACHER, world.school)
        cycle = CoachingCycle.objects.create(
            coach=world.coach, coachee=coachee, title=f"Cycle {i}", status=CycleStatus.OBSERVING,
            starts_on=district_today() - datetime.timedelta(days=20), ends_on=district_today(),
        )  # fmt: skip
        observe(world, cycle)
    client.force_login(world.coach)
    get(client, "/")
    with CaptureQueriesContext(connection) as captured:
        response = get(client, "/")
    assert f"Feedback to write ({rows})" in response.content.decode()
    assert len(captured) == COACH_HOME_QUERIES, (
        f"The coach's home with {rows} cycles took {len(captured)} queries; it is her first page every "
        "day and must not grow with her caseload:\n" + "\n".join(q["sql"] for q in captured)
    )
