"""Every coaching list answers in a fixed number of queries, whatever it holds.

A coach's caseload grows over the year: a count that grows with the rows is an N+1 that
turns the cycle page and the API lists into hundreds of round trips.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.cycles.services.feedback import feedback_give
from coaching.cycles.services.lifecycle import cycle_note_add, cycle_start, cycle_transition
from coaching.cycles.services.observations import observation_record
from coaching.models import Attachment, CheckIn, CoachingCycle, CycleStatus
from core.time import district_today
from tests.coaching.cycles.test_cycles import level, live_indicators

pytestmark = pytest.mark.django_db

# Every request: two search-path switches, the domain, the token and the actor's roles = 5.
# Lists then COUNT and read the page, plus one query per prefetched relation:
#  cycles: focus indicators (with their competency), goals;
#  observations: evidence (with indicator and level), attachments;
#  feedback: indicators.
# Notes and the timeline first read their cycle (with its focus indicators and goals: 3).
# The timeline then reads observations (+2 prefetches), feedback (+1), notes, check-ins
# and status changes, whatever their number.
EXPECTED = {
    "cycles": 9,
    "observations": 9,
    "feedback": 8,
    "notes": 10,
    "timeline": 16,
}
# A district administrator reads through the firewall: the same, plus one INSERT of audit
# rows per kind of record shown (the page's rows; for notes and the timeline also the
# cycle read, and on the timeline each of observations, feedback, notes and check-ins).
EXPECTED_FOR_ADMIN = {
    "cycles": 10,
    "observations": 10,
    "feedback": 9,
    "notes": 12,
    "timeline": 21,
}


def make(world, resource, n):
    """A cycle in feedback with `n` of the resource (for the timeline, `n` of everything)."""
    today = district_today()
    focus = [i.pk for i in live_indicators(n=2)]
    cycle = cycle_start(
        actor=world.coach, coachee=world.teacher, title="C", starts_on=today, ends_on=today,
        cadence="weekly", focus_indicator_ids=focus,
    )  # fmt: skip
    if resource == "cycles":
        for i in range(n - 1):
            cycle_start(
                actor=world.coach, coachee=world.colleague if i % 2 else world.teacher, title=f"C{i}",
                starts_on=today, ends_on=today, cadence="weekly", focus_indicator_ids=focus,
            )  # fmt: skip
        return cycle
    cycle_transition(actor=world.coach, cycle=cycle, to=CycleStatus.OBSERVING)
    cycle_transition(actor=world.coach, cycle=cycle, to=CycleStatus.FEEDBACK)
    evidence = [{"indicator": focus[0], "level": level().pk}, {"indicator": focus[1]}]
    for i in range(n):
        if resource in ("observations", "timeline"):
            observation = observation_record(
                actor=world.coach, observed=world.teacher, observed_on=today - datetime.timedelta(days=i % 9),
                kind="observation", cycle=cycle, evidence=evidence,
            )  # fmt: skip
            Attachment.objects.create(
                observation=observation, file=f"districts/riverside/x/{i}.png", original_name="x.png",
                content_type="image/png", size=3, uploaded_by=world.coach,
            )  # fmt: skip
        if resource in ("feedback", "timeline"):
            feedback_give(actor=world.coach, cycle=cycle, strengths="s", next_steps="n", indicator_ids=focus)
        if resource in ("notes", "timeline"):
            cycle_note_add(actor=world.coach, cycle=cycle, body=f"note {i}")
        if resource == "timeline":
            CheckIn.objects.create(
                cycle=cycle, owner=world.teacher, due_on=today - datetime.timedelta(days=7 * i)
            )
    return cycle


def path_for(resource, cycle):
    if resource in ("notes", "timeline"):
        return f"/api/v1/coaching-cycles/{cycle.pk}/{resource}/"
    return {"cycles": "/api/v1/coaching-cycles/"}.get(resource, f"/api/v1/{resource}/")


def count_queries(api, actor, path):
    client = api(actor)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200, response.content
    return response, captured


@pytest.mark.parametrize("resource", sorted(EXPECTED))
@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("who", ["coach", "admin"])
def test_coaching_list_query_count_does_not_grow_with_rows(world, api, resource, rows, who):
    cycle = make(world, resource, rows)
    response, captured = count_queries(api, getattr(world, who), path_for(resource, cycle))
    body = response.json()
    if resource == "timeline":
        # A page of the whole timeline: observations, feedback, notes and check-ins, `rows` each.
        assert body["count"] >= 4 * rows and body["results"]
    else:
        assert body["count"] == rows
    expected = (EXPECTED if who == "coach" else EXPECTED_FOR_ADMIN)[resource]
    assert len(captured) == expected, (
        f"{path_for(resource, cycle)} as {who} with {rows} rows took {len(captured)} queries, expected "
        f"{expected} at any size:\n" + "\n".join(q["sql"] for q in captured)
    )
    assert CoachingCycle.objects.filter(coach=world.coach).exists()
