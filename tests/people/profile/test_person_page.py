"""The person page and /api/v1/people/<id>/profile/: each part as its app's rules allow,
private reads audited, a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from coaching.models import CheckIn, CheckInStatus
from core.models import AuditEvent
from core.roles import Role
from people.profile.selectors import ROWS
from tests.coaching.checkins.test_checkin_dispatch import active_goal
from tests.factories import person
from tests.support import days, get, push_sequence_past

pytestmark = pytest.mark.django_db


def page(client, viewer, who):
    client.force_login(viewer)
    response = get(client, f"/people/{who.pk}/profile/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_supervisor_sees_roles_goals_with_health_check_ins_and_cycle_outline(client, world):
    html = page(client, world.principal, world.teacher)
    assert "Theo Park" in html and f"Teacher at {world.school.name}" in html
    assert "Every student reads daily" in html
    assert "Overdue" in html and "progress 4 of 5" in html  # the goal's check-ins
    assert "Questioning cycle" in html  # the cycle in outline
    assert 'aria-label="Send a reminder about the check-in due' in html
    audited = set(AuditEvent.objects.filter(actor=world.principal).values_list("action", flat=True))
    assert {"goal.listed", "check_in.listed", "cycle.listed"} <= audited


def test_a_coach_whose_cycle_closed_sees_nothing_private(client, world):
    world.close_cycle()
    html = page(client, world.coach, world.teacher)
    assert "Theo Park" in html
    assert "Every student reads daily" not in html
    assert "No check-ins you can see." in html
    assert not AuditEvent.objects.filter(actor=world.coach, action="check_in.listed").exists()


def test_the_coach_of_an_open_cycle_sees_its_check_ins(client, world):
    html = page(client, world.coach, world.teacher)
    assert f'href="/check-ins/{world.cycle_overdue.pk}/"' in html


def test_a_colleague_sees_the_roles_and_nothing_private(client, world):
    html = page(client, world.colleague, world.teacher)
    assert f"Teacher at {world.school.name}" in html
    assert "Every student reads daily" not in html and "Questioning cycle" not in html
    assert "Send a reminder" not in html


def test_someone_the_viewer_cannot_see_is_not_found(client, world):
    stranger = person(Role.TEACHER)
    client.force_login(world.teacher)
    assert get(client, f"/people/{stranger.pk}/profile/").status_code == 404


def test_the_api_gives_the_same_parts(api, world):
    body = api(world.principal).get(f"/api/v1/people/{world.teacher.pk}/profile/").json()
    assert body["person"]["full_name"] == "Theo Park"
    assert [r["role"] for r in body["roles"]] == ["teacher"]
    assert body["supervisors"] == [{"id": world.principal.pk, "full_name": "Paula Prince"}]
    assert [g["statement"] for g in body["goals"]] == ["Every student reads daily"]
    assert {c["id"] for c in body["check_ins"]} == {world.overdue.pk, world.answered.pk}
    assert [c["title"] for c in body["cycles"]] == ["Questioning cycle"]


def test_another_districts_person_is_not_found(api, world, lakeview, in_district):
    with in_district(lakeview):
        push_sequence_past(User, world.teacher.pk)
        outsider = person(Role.DISTRICT_ADMIN)
    response = api(outsider, district=lakeview).get(f"/api/v1/people/{world.teacher.pk}/profile/")
    assert response.status_code == 404


def _add_rows(world, n):
    for i in range(n - 1):
        goal = active_goal(world.teacher, anchor=days(-40), statement=f"Goal {i}")
        CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(-3), status=CheckInStatus.OVERDUE)


# The request (search path twice, domain, token and its last use, roles) = 6; the person
# with memberships (2); roles, supervision, goals, self-assessments, check-ins, cycles
# (+ focus indicators and goals), observations, feedback, credentials, enrollments (12);
# one INSERT each auditing the goals, check-ins and cycles listed to the supervisor (3).
# A count that grew with the rows would make the page slowest for the people with the
# most history.
EXPECTED_FOR_SUPERVISOR = 23


@pytest.mark.parametrize("rows", [1, 50])
def test_the_profile_answers_in_a_fixed_number_of_queries(api, world, rows):
    _add_rows(world, rows)
    client = api(world.principal)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/people/{world.teacher.pk}/profile/")
    assert response.status_code == 200
    assert len(response.json()["goals"]) == min(rows, ROWS)
    assert len(queries) == EXPECTED_FOR_SUPERVISOR, "\n".join(
        q["sql"][:150] for q in queries.captured_queries
    )
