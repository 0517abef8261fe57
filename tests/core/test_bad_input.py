"""Bad input on every write endpoint: 400, the offending field named, nothing written."""

import datetime

import pytest

from core.models import AuditEvent
from core.roles import Role
from tests.factories import MembershipFactory, SchoolFactory, SupervisionFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


@pytest.fixture
def things(admin):
    school = SchoolFactory(code="TAKEN")
    teacher = person(Role.TEACHER, school=school, email="taken@example.org")
    boss = person(Role.SCHOOL_LEADER, school=school)
    return {
        "school": school,
        "teacher": teacher,
        "boss": boss,
        "membership": teacher.memberships.get(),
        "supervision": SupervisionFactory(supervisor=boss, supervisee=teacher),
        "admin": admin,
    }


CASES = [
    # (id, method, path template, body, field)
    ("school-no-name", "post", "/api/v1/schools/", {"code": "X1", "grade_band": "high"}, "name"),
    (
        "school-bad-band",
        "post",
        "/api/v1/schools/",
        {"name": "X", "code": "X1", "grade_band": "college"},
        "grade_band",
    ),
    (
        "school-dup-code",
        "post",
        "/api/v1/schools/",
        {"name": "X", "code": "taken", "grade_band": "high"},
        "code",
    ),
    ("school-bad-stage", "patch", "/api/v1/schools/{school}/", {"stage": "finished"}, "stage"),
    ("school-blank-name", "patch", "/api/v1/schools/{school}/", {"name": ""}, "name"),
    (
        "person-bad-email",
        "post",
        "/api/v1/people/",
        {"email": "nope", "first_name": "A", "last_name": "B"},
        "email",
    ),
    (
        "person-dup-email",
        "post",
        "/api/v1/people/",
        {"email": "TAKEN@example.org", "first_name": "A", "last_name": "B"},
        "email",
    ),
    (
        "person-no-first-name",
        "post",
        "/api/v1/people/",
        {"email": "new@example.org", "last_name": "B"},
        "first_name",
    ),
    ("person-blank-last-name", "patch", "/api/v1/people/{teacher}/", {"last_name": "  "}, "last_name"),
    ("person-self-deactivate", "post", "/api/v1/people/{admin}/deactivate/", {}, "is_active"),
    (
        "membership-teacher-no-school",
        "post",
        "/api/v1/memberships/",
        {"person": "{boss}", "role": "teacher"},
        "school",
    ),
    (
        "membership-central-with-school",
        "post",
        "/api/v1/memberships/",
        {"person": "{boss}", "role": "central_office", "school": "{school}"},
        "school",
    ),
    (
        "membership-end-before-start",
        "post",
        "/api/v1/memberships/",
        {
            "person": "{boss}",
            "role": "coach",
            "school": "{school}",
            "start_date": "2025-09-01",
            "end_date": "2025-08-01",
        },
        "end_date",
    ),
    ("membership-bad-role", "post", "/api/v1/memberships/", {"person": "{boss}", "role": "janitor"}, "role"),
    (
        "membership-unknown-person",
        "post",
        "/api/v1/memberships/",
        {"person": 999999, "role": "coach"},
        "person",
    ),
    (
        "membership-unknown-school",
        "post",
        "/api/v1/memberships/",
        {"person": "{boss}", "role": "coach", "school": 999999},
        "school",
    ),
    (
        "membership-duplicate",
        "post",
        "/api/v1/memberships/",
        {"person": "{teacher}", "role": "teacher", "school": "{school}"},
        "role",
    ),
    (
        "membership-bad-date",
        "patch",
        "/api/v1/memberships/{membership}/",
        {"end_date": "next tuesday"},
        "end_date",
    ),
    (
        "membership-update-end-early",
        "patch",
        "/api/v1/memberships/{membership}/",
        {"end_date": "2020-01-01"},
        "end_date",
    ),
    (
        "membership-end-early",
        "post",
        "/api/v1/memberships/{membership}/end/",
        {"end_date": "2020-01-01"},
        "end_date",
    ),
    (
        "supervision-self",
        "post",
        "/api/v1/supervisions/",
        {"supervisor": "{boss}", "supervisee": "{boss}"},
        "supervisee",
    ),
    (
        "supervision-cycle",
        "post",
        "/api/v1/supervisions/",
        {"supervisor": "{teacher}", "supervisee": "{boss}"},
        "supervisee",
    ),
    (
        "supervision-duplicate",
        "post",
        "/api/v1/supervisions/",
        {"supervisor": "{boss}", "supervisee": "{teacher}"},
        "supervisee",
    ),
    (
        "supervision-unknown",
        "post",
        "/api/v1/supervisions/",
        {"supervisor": 999999, "supervisee": "{teacher}"},
        "supervisor",
    ),
    (
        "supervision-end-early",
        "post",
        "/api/v1/supervisions/{supervision}/end/",
        {"ended_on": "2020-01-01"},
        "ended_on",
    ),
    ("token-no-name", "post", "/api/v1/tokens/", {"name": ""}, "name"),
    (
        "token-past-expiry",
        "post",
        "/api/v1/tokens/",
        {"name": "x", "expires_at": "2020-01-01T00:00:00Z"},
        "expires_at",
    ),
]


def _fill(value, things):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return things[value[1:-1]].pk
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_answers_400_naming_the_field(method, path, body, field, things, api):
    client = api(things["admin"], session=path.startswith("/api/v1/tokens/"))
    client.get("/api/v1/me/")
    audit_before = AuditEvent.objects.count()
    url = path.format(**{key: obj.pk for key, obj in things.items()})
    payload = {key: _fill(value, things) for key, value in body.items()}

    response = getattr(client, method)(url, payload, format="json")

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert error["message"]
    assert AuditEvent.objects.count() == audit_before, "a refused write must change nothing"


@pytest.mark.parametrize("resource", ["schools", "people", "memberships", "supervisions", "tokens"])
def test_a_malformed_id_is_404_not_500(resource, admin, api):
    response = api(admin).get(f"/api/v1/{resource}/abc/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_fields_are_refused_by_name(things, api):
    response = api(things["admin"]).patch(
        f"/api/v1/people/{things['teacher'].pk}/", {"title": "Coach", "is_superuser": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"is_superuser": ["Unknown field."]}
    things["teacher"].refresh_from_db()
    assert things["teacher"].title == "" and not things["teacher"].is_superuser


def test_malformed_json_is_a_400_not_a_500(admin, api):
    response = api(admin).post("/api/v1/schools/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_error_body_has_the_same_shape_for_every_status(admin, api):
    client = api(admin)
    not_found = client.get("/api/v1/schools/999999/").json()
    unauthenticated = api().get("/api/v1/schools/").json()
    forbidden = api(person(Role.TEACHER)).post("/api/v1/schools/", {}, format="json").json()
    for body in (not_found, unauthenticated, forbidden):
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "fields"}


def test_ending_a_membership_in_the_future_keeps_it_active_until_then(admin, api):
    membership = MembershipFactory(role=Role.TEACHER)
    future = datetime.date.today() + datetime.timedelta(days=30)
    response = api(admin).post(f"/api/v1/memberships/{membership.pk}/end/", {"end_date": str(future)})
    assert response.status_code == 200
    assert response.json()["is_active"] is True
    assert response.json()["end_date"] == str(future)
