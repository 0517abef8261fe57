"""A district administrator staffs a new school through the API, end to end."""

import pytest

from core.models import AuditEvent
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_admin_opens_a_school_staffs_it_and_winds_it_down(api):
    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)

    school = client.post(
        "/api/v1/schools/", {"name": "Oak Park Middle", "code": "opm", "grade_band": "middle"}, format="json"
    ).json()
    assert school["code"] == "OPM" and school["stage"] == "getting_started" and school["staff_count"] == 0

    principal = client.post(
        "/api/v1/people/",
        {"email": "R.Diaz@Example.org", "first_name": "Rosa", "last_name": "Diaz", "title": "Principal"},
        format="json",
    ).json()
    teacher = client.post(
        "/api/v1/people/",
        {"email": "k.ng@example.org", "first_name": "Kai", "last_name": "Ng"},
        format="json",
    ).json()
    assert principal["email"] == "r.diaz@example.org"

    for who, role, position in (
        (principal, "school_leader", "Principal"),
        (teacher, "teacher", "Grade 7 science"),
    ):
        created = client.post(
            "/api/v1/memberships/",
            {"person": who["id"], "school": school["id"], "role": role, "position": position},
            format="json",
        )
        assert created.status_code == 201, created.content
    link = client.post(
        "/api/v1/supervisions/", {"supervisor": principal["id"], "supervisee": teacher["id"]}, format="json"
    ).json()

    assert client.get(f"/api/v1/schools/{school['id']}/").json()["staff_count"] == 2
    assert client.get("/api/v1/people/", {"school": school["id"]}).json()["count"] == 2
    assert client.get("/api/v1/people/", {"q": "rosa diaz"}).json()["results"][0]["id"] == principal["id"]
    assert client.get("/api/v1/supervisions/", {"supervisor": principal["id"]}).json()["count"] == 1

    moved = client.patch(f"/api/v1/schools/{school['id']}/", {"stage": "moving_forward"}, format="json")
    assert moved.json()["stage"] == "moving_forward"

    ended = client.post(f"/api/v1/supervisions/{link['id']}/end/").json()
    assert ended["ended_on"] is not None
    assert (
        client.get("/api/v1/supervisions/", {"current": "true", "supervisor": principal["id"]}).json()[
            "count"
        ]
        == 0
    )

    assert client.delete(f"/api/v1/schools/{school['id']}/").status_code == 204
    assert client.get(f"/api/v1/schools/{school['id']}/").json()["is_active"] is False
    assert client.get("/api/v1/schools/", {"is_active": "false"}).json()["count"] == 1

    actions = set(AuditEvent.objects.filter(actor=admin).values_list("action", flat=True))
    assert {
        "school.created", "person.created", "membership.created", "supervision.created",
        "school.updated", "supervision.ended", "school.deactivated",
    } <= actions  # fmt: skip


def test_principal_sees_their_school_staff_but_cannot_change_them(api):
    admin = person(Role.DISTRICT_ADMIN)
    principal = person(Role.SCHOOL_LEADER)
    school_id = principal.memberships.get().school_id
    teacher = person(Role.TEACHER)
    api(admin).post(
        "/api/v1/memberships/", {"person": teacher.pk, "school": school_id, "role": "teacher"}, format="json"
    )
    client = api(principal)
    assert teacher.pk in {row["id"] for row in client.get("/api/v1/people/").json()["results"]}
    assert client.patch(f"/api/v1/people/{teacher.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"/api/v1/people/{teacher.pk}/deactivate/").status_code == 403


def test_pagination_and_ordering(api):
    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)
    for code in ("ZZ1", "AA1", "MM1"):
        client.post(
            "/api/v1/schools/", {"name": f"School {code}", "code": code, "grade_band": "high"}, format="json"
        )
    page = client.get("/api/v1/schools/", {"page_size": 2, "ordering": "code"}).json()
    assert [row["code"] for row in page["results"]] == ["AA1", "MM1"]
    assert page["next"] and page["count"] == 3
    assert client.get("/api/v1/schools/", {"page_size": 2, "page": 9}).status_code == 404
