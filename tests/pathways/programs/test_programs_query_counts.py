"""The pathway lists answer in a fixed number of queries, whatever they hold.

Enrollments grow with every pathway a person joins and a supervisor's list with their
supervisees: a per-row query for progress would turn the list into hundreds of trips.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import SelfAssessment, SelfAssessmentStatus
from core.roles import Role
from pathways.models import ActivityCompletion, Enrollment, EnrollmentStatus
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import competency, earned_credential, educators, micro_credential, pathway

pytestmark = pytest.mark.django_db

# Every API request: two search-path switches, the domain, the token and the actor's roles = 5.
# (Counted on a second request: the token's first use is recorded once.)
# /pathways/: COUNT and the page (steps counted in the same query) = 7.
# /enrollments/: COUNT, the page (pathway and person joined), then progress for the whole
# page: steps, prerequisites, activity completions and held credentials = 11.
# /recommendations/: no permission asked, the 4 request queries and the 12 of
# recommendations_for (the person's roles among them) = 16.
# /leader-pipeline/: the counts and the names = 7.
EXPECTED = {"pathways": 7, "enrollments": 11, "recommendations": 16, "leader-pipeline": 7}


def count(client, path) -> int:
    client.get(path)  # the token's first use of the day is recorded once; not part of the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(queries)


def make(n):
    """`n` published pathways (a micro-credential, two activities), each enrolled in by a
    supervisee of the principal, with an activity done and a credential held."""
    principal = person(Role.CENTRAL_OFFICE)
    teacher = person(Role.TEACHER)
    sa = SelfAssessment.objects.create(
        person=teacher,
        framework=educators(),
        status=SelfAssessmentStatus.SUBMITTED,
        submitted_at="2025-01-01T00:00Z",
    )
    sa.focus_competencies.set([competency()])
    for i in range(n):
        supervisee = person(Role.TEACHER)
        SupervisionFactory(supervisor=principal, supervisee=supervisee)
        mc = micro_credential(title=f"MC {i:02d}")
        path = pathway(steps=[mc, "activity", "activity"], title=f"Pathway {i:02d}", is_leadership=True)
        enrollment = Enrollment.objects.create(pathway=path, person=supervisee)
        ActivityCompletion.objects.create(enrollment=enrollment, step=path.steps.get(position=2))
        earned_credential(supervisee, mc)
        Enrollment.objects.create(pathway=path, person=teacher, status=EnrollmentStatus.WITHDRAWN)
    return principal, teacher


@pytest.mark.parametrize("n", [1, 50])
def test_api_lists_take_a_fixed_number_of_queries(api, n):
    principal, teacher = make(n)
    client, teacher_client = api(principal), api(teacher)
    assert count(client, "/api/v1/pathways/") == EXPECTED["pathways"]
    assert count(client, "/api/v1/enrollments/") == EXPECTED["enrollments"]
    response = teacher_client.get("/api/v1/recommendations/")
    assert len(response.json()["results"]) == min(n * 2, 20)
    assert count(teacher_client, "/api/v1/recommendations/") == EXPECTED["recommendations"]
    assert count(client, "/api/v1/leader-pipeline/") == EXPECTED["leader-pipeline"]
