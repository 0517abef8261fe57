"""Pathway pages: the list, a pathway's page, my pathways, the editor and the pipeline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from pathways.models import ActivityCompletion, CatalogStatus, Enrollment, EnrollmentStatus, Pathway
from tests.factories import person
from tests.pathways.factories import earned_credential, micro_credential, pathway

pytestmark = pytest.mark.django_db


def test_a_teacher_enrols_and_marks_an_activity_done_on_the_pathway_page(api):
    teacher = person(Role.TEACHER)
    mc = micro_credential(title="Questioning")
    path = pathway(steps=["activity", mc, "activity"], title="Practice pathway")
    path.steps.get(position=3).prerequisites.set([path.steps.get(position=1)])
    client = api(teacher, session=True)
    assert "Practice pathway" in client.get("/pathways/").content.decode()
    page = client.get(f"/pathways/{path.pk}/").content.decode()
    assert "You are not enrolled." in page and f"/micro-credentials/{mc.pk}/" in page
    client.post(f"/pathways/{path.pk}/enroll/")
    enrollment = Enrollment.objects.get(person=teacher, pathway=path)
    step = path.steps.get(position=1)
    response = client.post(f"/enrollments/{enrollment.pk}/steps/{step.pk}/done/", {"note": "Read it"})
    assert response.status_code == 302
    page = client.get(f"/pathways/{path.pk}/").content.decode()
    assert "1 of 3 steps done" in page and 'value="33"' in page


def test_a_stranger_cannot_mark_someone_elses_activity(api):
    path = pathway()
    enrollment = Enrollment.objects.create(pathway=path, person=person(Role.TEACHER))
    other = api(person(Role.TEACHER), session=True)
    response = other.post(f"/enrollments/{enrollment.pk}/steps/{path.steps.get().pk}/done/")
    assert response.status_code == 404
    assert not ActivityCompletion.objects.exists()


def test_the_editor_writes_a_pathway_and_shows_a_cycle_next_to_the_step(api):
    admin = api(person(Role.DISTRICT_ADMIN), session=True)
    assert admin.get("/pathways/new/").status_code == 200
    body = {
        "title": "Loop",
        "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0",
        "steps-0-kind": "activity", "steps-0-title": "A", "steps-0-prerequisites": "2",
        "steps-1-kind": "activity", "steps-1-title": "B", "steps-1-prerequisites": "1",
        "groups-TOTAL_FORMS": "1", "groups-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = admin.post("/pathways/new/", body)
    assert response.status_code == 200
    assert "These prerequisites go round in a circle." in response.content.decode()
    body["steps-1-prerequisites"] = ""
    response = admin.post("/pathways/new/", body)
    assert response.status_code == 302
    made = Pathway.objects.get(title="Loop")
    assert made.status == CatalogStatus.DRAFT and made.steps.count() == 2
    assert admin.get(f"/pathways/{made.pk}/edit/").status_code == 200
    admin.post(f"/pathways/{made.pk}/publish/")
    made.refresh_from_db()
    assert made.status == CatalogStatus.PUBLISHED
    teacher = api(person(Role.TEACHER), session=True)
    assert teacher.get("/pathways/new/").status_code == 403


def test_the_pipeline_page_is_for_the_central_office(api):
    leader = person(Role.SCHOOL_LEADER, first_name="Lee", last_name="Lane")
    Enrollment.objects.create(pathway=pathway(title="Aspiring", is_leadership=True), person=leader)
    assert api(person(Role.TEACHER), session=True).get("/pathways/pipeline/").status_code == 403
    page = api(person(Role.CENTRAL_OFFICE), session=True).get("/pathways/pipeline/").content.decode()
    assert "Lee Lane (Aspiring)" in page


# The my-pathways page: two search-path switches, the domain, the session and the user;
# the navigation's roles and unread count; then the enrollments (with their pathways),
# progress for all of them (steps, prerequisites, completions, held credentials) and the
# recommendations (their first query finds no submitted self-assessment here) = 13,
# whatever the number of enrollments.
MY_PATHWAYS_QUERIES = 13


@pytest.mark.parametrize("n", [1, 50])
def test_my_pathways_takes_a_fixed_number_of_queries(api, n):
    teacher = person(Role.TEACHER)
    for i in range(n):
        mc = micro_credential(title=f"MC {i:02d}")
        path = pathway(steps=[mc, "activity"], title=f"Pathway {i:02d}")
        enrollment = Enrollment.objects.create(
            pathway=path, person=teacher, status=EnrollmentStatus.COMPLETED if i % 5 == 4 else "active"
        )
        ActivityCompletion.objects.create(enrollment=enrollment, step=path.steps.get(position=2))
        if i % 2:
            earned_credential(teacher, mc)
    client = api(teacher, session=True)
    client.get("/my/pathways/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/my/pathways/")
    assert response.status_code == 200
    assert response.content.decode().count("<progress") == n - n // 5
    assert len(queries) == MY_PATHWAYS_QUERIES, [q["sql"][:120] for q in queries]
