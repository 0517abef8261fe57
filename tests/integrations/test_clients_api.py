"""/api/v1/integration-clients/: district administrators create, list, rotate and revoke."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.roles import Role
from integrations.models import IntegrationClient
from tests.factories import person
from tests.support import assert_queries

pytestmark = pytest.mark.django_db
PATH = "/api/v1/integration-clients/"


@pytest.fixture
def admin_api(api):
    return api(person(Role.DISTRICT_ADMIN))


def test_create_shows_the_secret_once(admin_api, token_response):
    body = {
        "name": "SIS sync",
        "scopes": ["roster:read", "roster:write"],
        "allowed_networks": ["203.0.113.0/24"],
    }
    created = admin_api.post(PATH, body, format="json")
    assert created.status_code == 201, created.content
    assert created["Cache-Control"] == "no-store"
    data = created.json()
    assert data["scopes"] == ["roster:read", "roster:write"]
    assert data["allowed_networks"] == ["203.0.113.0/24"]
    secret = data["client_secret"]
    assert len(secret) >= 40
    shown = admin_api.get(f"{PATH}{data['id']}/").json()
    assert "client_secret" not in shown
    assert secret not in admin_api.get(PATH).content.decode()
    token = token_response(data["client_id"], secret, address="203.0.113.5")
    assert token.status_code == 200
    event = AuditEvent.objects.get(action="integration_client.created")
    assert secret not in str(event.data)


def test_rotate_gives_a_new_secret_once_and_the_old_stops(admin_api, token_response):
    data = admin_api.post(PATH, {"name": "SIS", "scopes": ["roster:read"]}, format="json").json()
    rotated = admin_api.post(f"{PATH}{data['id']}/rotate/")
    assert rotated.status_code == 200
    assert rotated["Cache-Control"] == "no-store"
    new = rotated.json()["client_secret"]
    assert new != data["client_secret"]
    assert token_response(data["client_id"], data["client_secret"]).status_code == 401
    assert token_response(data["client_id"], new).status_code == 200
    assert AuditEvent.objects.filter(action="integration_client.secret_rotated").count() == 1


def test_revoke_stops_the_client_and_keeps_it_listed(admin_api, token_response):
    data = admin_api.post(PATH, {"name": "SIS", "scopes": ["roster:read"]}, format="json").json()
    revoked = admin_api.post(f"{PATH}{data['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["is_revoked"] is True
    assert token_response(data["client_id"], data["client_secret"]).status_code == 401
    assert admin_api.post(f"{PATH}{data['id']}/rotate/").status_code == 400
    assert [row["name"] for row in admin_api.get(PATH).json()["results"]] == ["SIS"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "scopes": ["roster:read"]}, "name"),
        ({"name": "X", "scopes": []}, "scopes"),
        ({"name": "X", "scopes": ["everything"]}, "scopes"),
        ({"name": "X", "scopes": ["roster:read"], "allowed_networks": ["10.0.0.300/8"]}, "allowed_networks"),
        ({"name": "X", "scopes": ["roster:read"], "client_secret": "mine"}, "client_secret"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(admin_api, body, field):
    response = admin_api.post(PATH, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert not IntegrationClient.objects.exists()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CENTRAL_OFFICE, None])
def test_only_district_admins_manage_clients(api, role):
    http = api(person(role))
    assert http.get(PATH).status_code == 403
    assert http.post(PATH, {"name": "X", "scopes": ["roster:read"]}, format="json").status_code == 403


def test_a_client_cannot_manage_clients(client_token, as_client):
    from core.permissions import SCOPE_MATRIX

    http = as_client(client_token(list(SCOPE_MATRIX)))
    assert http.get(PATH).status_code == 403
    assert http.post(PATH, {"name": "X", "scopes": ["roster:read"]}, format="json").status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_the_client_list_runs_a_fixed_number_of_queries(admin_api, rows):
    admin = person(Role.DISTRICT_ADMIN)
    from integrations.services import integration_client_create

    for n in range(rows):
        integration_client_create(actor=admin, name=f"Client {n}", scopes=["roster:read"])
    admin_api.get(PATH)  # the token's first use stamps it
    with CaptureQueriesContext(connection) as captured:
        response = admin_api.get(PATH)
    assert response.status_code == 200 and response.json()["count"] == rows
    # the district (3: search path, domain, search path), token, roles, count, page (creators joined)
    assert_queries(captured, 7, "The client list must not grow a query per client")
