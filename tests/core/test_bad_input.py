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


# --- Every route, every signed-in role ---------------------------------------------------------

WRITE_METHODS = ("post", "put", "patch")
DEMO_ROLES = ("admin", "central", "principal", "coach", "teacher")
# The models behind each nested id in the API's paths, for the routes the walk fills in.
NESTED_IDS = {
    "note_id": ("coaching", "CycleNote"),
    "milestone_id": ("coaching", "Milestone"),
    "attachment_id": ("coaching", "Attachment"),
    "requirement_id": ("pathways", "Requirement"),
    "step_id": ("pathways", "PathwayStep"),
    "school_id": ("schools", "School"),
}


def api_routes() -> dict[str, list[str]]:
    """Every /api/v1/ path of the OpenAPI schema with its methods: the walk covers a new
    endpoint without anyone adding it here."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    methods = ("get", "post", "put", "patch", "delete")
    return {
        path: [m for m in operations if m in methods]
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/")
    }


@pytest.fixture
def demo(riverside):
    """The riverside demo as `seed_demo` makes it: every kind of record exists, so that the
    walk reaches each detail route's body, not a 404 in front of it."""
    from django.db import connection

    from accounts.models import User
    from demo.districts import RIVERSIDE
    from demo.seed import seed_district

    connection.set_schema_to_public()
    seed_district(RIVERSIDE, log=lambda *args: None)
    connection.set_tenant(riverside)
    return {role: User.objects.get(email=f"{role}@riverside.example.org") for role in DEMO_ROLES}


def _first_visible_id(client, resource: str, cache: dict):
    """The first id the client lists for a resource, or 1 when it lists none."""
    if resource not in cache:
        response = client.get(f"/api/v1/{resource}/")
        rows = response.json().get("results", []) if response.status_code == 200 else []
        cache[resource] = rows[0]["id"] if rows and isinstance(rows[0], dict) and "id" in rows[0] else 1
    return cache[resource]


def _fill_path(client, template: str, cache: dict) -> str:
    """The path with real ids: the resource's first visible row for its own id, the first
    row of the model behind a nested id, 1 for anything else."""
    import re

    from django.apps import apps

    resource = template.split("/")[3]
    values = {}
    for position, name in enumerate(re.findall(r"{(\w+)}", template)):
        if name in NESTED_IDS:
            first = apps.get_model(*NESTED_IDS[name]).objects.order_by("pk").first()
            values[name] = first.pk if first else 1
        elif position == 0:
            values[name] = _first_visible_id(client, resource, cache)
        else:
            values[name] = 1
    return template.format(**values)


def _request_fields(path: str, method: str, schema: dict) -> list[str]:
    """The names of the fields an endpoint's JSON request body takes, from the schema."""
    operation = schema["paths"][path][method]
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json") or next(iter(content.values()), {})
    ref = body.get("schema", {}).get("$ref", "")
    component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return sorted(component.get("properties", {})) or ["name"]


def _assert_refused(response, what):
    """Never a 500; a 4xx has the error body. (A route that takes no body may do its work.)"""
    assert response.status_code < 500, (what, response.status_code, response.content[:300])
    if 400 <= response.status_code != 405:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, (what, body)
    return response


# Write routes whose body the walk cannot reach with JSON: a file upload (multipart only) and
# token creation (a signed-in browser session only, refused to a token first).
NOT_JSON = {("post", "/api/v1/observations/{id}/attachments/"), ("post", "/api/v1/tokens/")}
DEEP = "[" * 1000 + "]" * 1000
LONE_SURROGATE = "\ud800"


def test_every_write_route_refuses_a_lone_surrogate_and_a_deep_body_with_a_4xx(demo, api):
    """Each JSON field of each write route holding "\\ud800", and a body nested 1,000
    levels deep, as each demo role: a 4xx with the error body, never a 500, and the bad
    value never echoed."""
    import json

    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = api_routes()
    reached = set()
    for role in DEMO_ROLES:
        client, ids = api(demo[role]), {}
        for template, methods in routes.items():
            for method in (m for m in methods if m in WRITE_METHODS):
                path = _fill_path(client, template, ids)
                deep = client.generic(method.upper(), path, DEEP, content_type="application/json")
                _assert_refused(deep, (role, method, path, "deep"))
                if deep.status_code == 400 and deep.json()["error"]["code"] == "parse_error":
                    reached.add((method, template))
                fields = _request_fields(template, method, schema)
                # Field by field for the administrator (who reaches most bodies); all at once
                # for the other roles, to keep the walk short.
                for chosen in [[field] for field in fields] if role == "admin" else [fields]:
                    raw = json.dumps(dict.fromkeys(chosen, LONE_SURROGATE))  # ASCII: "\ud800" stays an escape
                    response = client.generic(method.upper(), path, raw, content_type="application/json")
                    _assert_refused(response, (role, method, path, chosen))
                    assert b"\\ud800" not in response.content.lower(), "undecodable input is never echoed"
                    if response.status_code == 400 and "requestBody" in schema["paths"][template][method]:
                        named = set(response.json()["error"]["fields"])
                        assert named & set(chosen), (path, chosen, response.json())
    writes = {
        (m, t)
        for t, methods in routes.items()
        for m in methods
        if m in WRITE_METHODS and "requestBody" in schema["paths"][t][m]
    }
    assert writes - reached == NOT_JSON, "each JSON body was read and refused by the parser"


def test_every_route_answers_options_for_a_signed_in_person(demo, api):
    """`OPTIONS /api/v1/notifications/preferences/` was a 500 for everyone."""
    for role in ("admin", "teacher"):
        client, ids = api(demo[role]), {}
        for template in api_routes():
            path = _fill_path(client, template, ids)
            response = _assert_refused(client.options(path), (role, "options", path))
            if response.status_code == 200:
                assert {"name", "renders", "parses"} <= set(response.json()), (role, path)


def test_a_lone_surrogate_in_a_choice_field_is_a_400_naming_it_without_echoing_it(admin, api):
    raw = '{"name": "X", "code": "X9", "grade_band": "\\ud800"}'
    response = api(admin).post("/api/v1/schools/", raw, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["grade_band"]
    assert "\\ud800" not in response.content.decode() and "\ufffd" not in response.content.decode()


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_a_body_nested_too_deep_is_a_400_parse_error(depth, admin, api):
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    response = api(admin).post("/api/v1/schools/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert "32 levels" in response.json()["error"]["message"]


def test_a_body_nested_32_levels_still_reaches_validation(admin, api):
    body = '{"name": ' + "[" * 31 + "]" * 31 + "}"
    response = api(admin).post("/api/v1/schools/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


# --- Pages ---------------------------------------------------------------------------------------


def test_undecodable_bytes_posted_to_a_form_are_replaced_not_a_500(admin, client):
    """A browser cannot send a lone surrogate in a form: its UTF-8 bytes arrive invalid and
    Django reads them as U+FFFD, which the form then refuses or keeps like any text."""
    from tests.support import HOST

    client.force_login(admin)
    response = client.post(
        "/schools/new/",
        b"name=%ED%A0%80&code=%ED%A0%80&grade_band=%ED%A0%80&stage=%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=HOST,
    )
    assert response.status_code in (200, 302, 400), response.status_code


@pytest.mark.parametrize(
    ("pasted", "message"),
    [
        ('{"CFDocument": {"title": "\\ud800"}}', "not valid Unicode"),
        ('{"CFDocument": ' + "[" * 1000 + "]" * 1000 + "}", "nested more than 32 levels"),
    ],
    ids=["lone-surrogate", "too-deep"],
)
def test_the_case_import_page_refuses_undecodable_or_too_deep_json_by_the_field(
    pasted, message, admin, client
):
    from tests.support import HOST

    client.force_login(admin)
    response = client.post("/frameworks/import/", {"text": pasted}, HTTP_HOST=HOST)
    assert response.status_code in (200, 400), response.status_code  # the form again, with the error
    assert message in response.content.decode()
