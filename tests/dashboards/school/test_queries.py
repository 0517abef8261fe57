"""The school dashboard takes the same number of queries for a school of one and of fifty:
every figure is one SQL aggregate, every list one query, whatever the size."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import CheckIn, CheckInStatus, CoachingCycle, Feedback, Observation, ProgressUpdate
from core.roles import Role
from dashboards.models import Snapshot
from tests.coaching.checkins.test_checkin_dispatch import active_goal, coaching_cycle
from tests.dashboards.school.test_dashboard import educators, school_goal, submit_round
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.support import days, get

pytestmark = pytest.mark.django_db


def busy_school(size: int):
    """A school with `size` of everything: teachers (each supervised by the principal, with
    two self-assessment rounds, check-ins open, overdue and answered, feedback waiting, a
    cycle and an observation) and school goals with progress."""
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school)
    coach = person(Role.COACH, school)
    framework = educators()
    for n in range(size):
        teacher = person(Role.TEACHER, school)
        SupervisionFactory(supervisor=principal, supervisee=teacher)
        submit_round(teacher, framework, "Developing", ago_days=100)
        submit_round(teacher, framework, "Proficient", ago_days=1)
        goal = active_goal(teacher, anchor=days(-60))
        CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(2))
        CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(-20), status=CheckInStatus.OVERDUE)
        CheckIn.objects.create(
            goal=goal,
            owner=teacher,
            due_on=days(-6),
            status=CheckInStatus.COMPLETED,
            completed_at=timezone.now(),
        )
        cycle = coaching_cycle(coach, teacher, anchor=days(-10), school=school)
        Feedback.objects.create(author=principal, recipient=teacher, strengths="S", next_steps="N")
        Feedback.objects.create(author=coach, recipient=teacher, cycle=cycle, strengths="S", next_steps="N")
        Observation.objects.create(observed_on=days(-3), school=school, observer=coach, observed=teacher)
        school_goal(school, principal, statement=f"Goal {n}", health="on_track")
    for goal in school.goals.all():
        for ago in (20, 5):
            ProgressUpdate.objects.create(
                goal=goal, recorded_on=days(-ago), value=Decimal(50), author=principal
            )
    for months in range(3):
        Snapshot.objects.create(
            taken_on=days(-1) - datetime.timedelta(days=31 * months), school=school, figures={"staff": size}
        )
    assert CoachingCycle.objects.filter(school=school).count() == size
    return school, principal


def page_queries(client, school, user) -> int:
    client.force_login(user)
    get(client, "/")  # the session and the user are warm, as on any second page
    with CaptureQueriesContext(connection) as captured:
        response = get(client, f"/dashboards/schools/{school.pk}/")
    assert response.status_code == 200
    return captured


def api_queries(api, school, user) -> int:
    client = api(user)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/dashboards/schools/{school.pk}/")
    assert response.status_code == 200
    return captured


def sql(captured) -> str:
    return "\n\n".join(q["sql"] for q in captured)


# The dashboard itself: the school (1), its figures (2), its trend (1), the goals and their
# health (2), the educators framework (1) and its shape (2: items, their themes),
# the levels now and the growth (1), the check-in, feedback and coaching counts (1), the
# overdue supervisees (1) and the audit rows of those named (1), the viewer's feedback
# waiting (1) = 14.
DASHBOARD = 14


@pytest.mark.parametrize("size", [1, 50])
def test_the_page_takes_the_same_queries_for_a_school_of_one_and_of_fifty(size, client):
    school, principal = busy_school(size)
    captured = page_queries(client, school, principal)
    # Per page: the district (3: search paths, domain), the session, the user and their
    # roles (3); the dashboard; the schools the
    # principal leads, for the switcher (1); the inbox badge (1). A school of a thousand
    # costs no more than a school of one.
    assert len(captured) == 6 + DASHBOARD + 1 + 1, sql(captured)


@pytest.mark.parametrize("size", [1, 50])
def test_the_api_takes_the_same_queries_for_a_school_of_one_and_of_fifty(size, api):
    school, principal = busy_school(size)
    captured = api_queries(api, school, principal)
    # Per request: two search-path switches, the domain, the token and the roles (5); then
    # the dashboard. A school of a thousand costs no more than a school of one.
    assert len(captured) == 5 + DASHBOARD, sql(captured)


@pytest.mark.parametrize("size", [1, 50])
def test_the_central_office_page_takes_the_same_queries_too(size, client):
    school, _ = busy_school(size)
    captured = page_queries(client, school, person(Role.CENTRAL_OFFICE))
    # As for the principal, less the audit INSERT: the central office names nobody.
    assert len(captured) == 6 + DASHBOARD - 1 + 1 + 1, sql(captured)
