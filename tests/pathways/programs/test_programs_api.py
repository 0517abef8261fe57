"""/api/v1/pathways/, /enrollments/, /recommendations/ and /leader-pipeline/."""

import pytest

from core.roles import Role
from pathways.models import CatalogStatus, Credential, CredentialKind, Enrollment, EnrollmentStatus
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import micro_credential, pathway

pytestmark = pytest.mark.django_db


def test_admin_writes_publishes_and_retires_a_pathway(api):
    admin = person(Role.DISTRICT_ADMIN)
    mc = micro_credential()
    client = api(admin)
    body = {
        "title": "Coach pathway",
        "roles": ["coach"],
        "steps": [
            {"kind": "activity", "title": "Read", "url": "https://example.org", "hours": "2.0"},
            {"kind": "micro_credential", "micro_credential": mc.pk, "prerequisites": [1], "group": 1},
        ],
        "groups": [{"title": "One of", "required_count": 1}],
    }
    response = client.post("/api/v1/pathways/", body, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["status"] == "draft" and made["steps"][1]["prerequisites"] == [1]
    assert made["groups"][0]["size"] == 1 and made["steps"][1]["micro_credential"]["id"] == mc.pk
    assert client.post(f"/api/v1/pathways/{made['id']}/publish/").json()["status"] == "published"
    patched = client.patch(f"/api/v1/pathways/{made['id']}/", {"is_leadership": True}, format="json")
    assert patched.json()["is_leadership"] is True and len(patched.json()["steps"]) == 2
    assert client.post(f"/api/v1/pathways/{made['id']}/retire/").json()["status"] == "retired"


def test_curation_errors_name_the_field(api):
    client = api(person(Role.DISTRICT_ADMIN))
    steps = [
        {"kind": "activity", "title": "A", "prerequisites": [2]},
        {"kind": "activity", "title": "B", "prerequisites": [1]},
    ]
    response = client.post("/api/v1/pathways/", {"title": "Loop", "steps": steps}, format="json")
    assert response.status_code == 400
    assert "steps[0].prerequisites" in response.json()["error"]["fields"]
    response = client.post("/api/v1/pathways/", {"title": "C", "competency": 999999}, format="json")
    assert response.status_code == 400 and "competency" in response.json()["error"]["fields"]
    teacher = api(person(Role.TEACHER))
    assert teacher.post("/api/v1/pathways/", {"title": "Mine"}, format="json").status_code == 403


def test_an_activity_link_that_cannot_be_parsed_is_a_400_not_a_500(api):
    steps = [{"kind": "activity", "title": "A", "url": "http://[::1"}]
    response = api(person(Role.DISTRICT_ADMIN)).post(
        "/api/v1/pathways/", {"title": "T", "steps": steps}, format="json"
    )
    assert response.status_code == 400 and "steps[0].url" in response.json()["error"]["fields"]


def test_the_list_shows_drafts_only_to_curators_and_filters(api):
    published = pathway(title="For teachers", roles=["teacher"])
    leadership = pathway(title="Leaders", roles=["school_leader"], is_leadership=True)
    draft = pathway(title="Draft", status=CatalogStatus.DRAFT)

    def ids(client, **params):
        response = client.get("/api/v1/pathways/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    teacher = api(person(Role.TEACHER))
    assert {published.pk, leadership.pk} <= ids(teacher) and draft.pk not in ids(teacher)
    assert draft.pk in ids(api(person(Role.DISTRICT_ADMIN)))
    assert ids(teacher, role="teacher") >= {published.pk} and leadership.pk not in ids(
        teacher, role="teacher"
    )
    assert ids(teacher, leadership="true") == {leadership.pk}
    response = teacher.get("/api/v1/pathways/", {"role": "pilot"})
    assert response.status_code == 400 and "role" in response.json()["error"]["fields"]
    assert teacher.get(f"/api/v1/pathways/{draft.pk}/").status_code == 404


def test_a_teacher_enrols_completes_an_activity_and_the_pathway_credential_is_issued(api):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    path = pathway(steps=["activity", "activity"])
    first, second = path.steps.order_by("position")
    second.prerequisites.set([first])
    response = client.post("/api/v1/enrollments/", {"pathway": path.pk}, format="json")
    assert response.status_code == 201, response.content
    enrollment = response.json()
    assert enrollment["progress"]["next_steps"] == [first.pk]
    again = client.post("/api/v1/enrollments/", {"pathway": path.pk}, format="json")
    assert again.status_code == 400 and "pathway" in again.json()["error"]["fields"]
    blocked = client.post(f"/api/v1/enrollments/{enrollment['id']}/activities/{second.pk}/complete/")
    assert blocked.status_code == 400 and blocked.json()["error"]["fields"]["step"] == [
        "Finish its prerequisites first: step 1."
    ]
    done = client.post(
        f"/api/v1/enrollments/{enrollment['id']}/activities/{first.pk}/complete/", {"note": "ok"}
    )
    assert done.status_code == 200 and done.json()["progress"]["steps_done"] == 1
    done = client.post(f"/api/v1/enrollments/{enrollment['id']}/activities/{second.pk}/complete/")
    assert done.json()["status"] == "completed" and done.json()["progress"]["percent"] == 100
    assert Credential.objects.filter(person=teacher, kind=CredentialKind.PATHWAY).count() == 1
    detail = client.get(f"/api/v1/pathways/{path.pk}/").json()
    assert detail["enrollment"]["id"] == enrollment["id"] and detail["enrollment"]["progress"]["complete"]


def test_enrolling_someone_else(api):
    teacher, principal, stranger = (
        person(Role.TEACHER),
        person(Role.SCHOOL_LEADER),
        person(Role.SCHOOL_LEADER),
    )
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    path = pathway()
    body = {"pathway": path.pk, "person": teacher.pk}
    refused = api(stranger).post("/api/v1/enrollments/", body, format="json")
    assert refused.status_code in (400, 403)
    assert api(principal).post("/api/v1/enrollments/", body, format="json").status_code == 201
    listed = api(principal).get("/api/v1/enrollments/").json()["results"]
    assert [row["person"]["id"] for row in listed] == [teacher.pk]
    assert api(stranger).get("/api/v1/enrollments/").json()["results"] == []
    enrollment = Enrollment.objects.get(person=teacher)
    assert api(stranger).get(f"/api/v1/enrollments/{enrollment.pk}/").status_code == 404
    withdrawn = api(principal).post(f"/api/v1/enrollments/{enrollment.pk}/withdraw/")
    assert withdrawn.json()["status"] == EnrollmentStatus.WITHDRAWN


def test_enrollment_filters_and_a_bad_value(api):
    teacher = person(Role.TEACHER)
    one, two = pathway(title="One"), pathway(title="Two")
    Enrollment.objects.create(pathway=one, person=teacher)
    Enrollment.objects.create(pathway=two, person=teacher, status=EnrollmentStatus.WITHDRAWN)
    client = api(teacher)
    rows = client.get("/api/v1/enrollments/", {"status": "active"}).json()["results"]
    assert [row["pathway"]["title"] for row in rows] == ["One"]
    assert [
        r["pathway"]["id"] for r in client.get("/api/v1/enrollments/", {"pathway": two.pk}).json()["results"]
    ] == [two.pk]
    response = client.get("/api/v1/enrollments/", {"status": "paused"})
    assert response.status_code == 400 and "status" in response.json()["error"]["fields"]


def test_recommendations_for_someone_else_need_a_relationship(api):
    teacher, principal, stranger = (
        person(Role.TEACHER),
        person(Role.SCHOOL_LEADER),
        person(Role.SCHOOL_LEADER),
    )
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    assert api(teacher).get("/api/v1/recommendations/").json() == {"person": teacher.pk, "results": []}
    assert api(principal).get("/api/v1/recommendations/", {"person": teacher.pk}).status_code == 200
    assert api(stranger).get("/api/v1/recommendations/", {"person": teacher.pk}).status_code == 404
    admin = api(person(Role.DISTRICT_ADMIN))
    assert admin.get("/api/v1/recommendations/", {"person": teacher.pk}).status_code == 200
    response = admin.get("/api/v1/recommendations/", {"person": "x"})
    assert response.status_code == 400 and "person" in response.json()["error"]["fields"]


def test_the_leader_pipeline_is_for_the_central_office(api):
    assert api(person(Role.TEACHER)).get("/api/v1/leader-pipeline/").status_code == 403
    response = api(person(Role.CENTRAL_OFFICE)).get("/api/v1/leader-pipeline/")
    assert response.status_code == 200 and "results" in response.json()


def test_riverside_pathways_and_enrollments_are_invisible_from_lakeview(api, lakeview, in_district):
    path = pathway(title="Riverside only")
    teacher = person(Role.TEACHER)
    enrollment = Enrollment.objects.create(pathway=path, person=teacher)
    with in_district(lakeview):
        outsider = person(Role.DISTRICT_ADMIN)
    client = api(outsider, district=lakeview)
    assert path.pk not in {row["id"] for row in client.get("/api/v1/pathways/").json()["results"]}
    assert client.get(f"/api/v1/enrollments/{enrollment.pk}/").status_code == 404
    assert enrollment.pk not in {row["id"] for row in client.get("/api/v1/enrollments/").json()["results"]}
