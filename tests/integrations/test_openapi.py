"""The OpenAPI document describes both schemes and the scopes each operation needs."""

import pytest

from core.permissions import SCOPE_MATRIX

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    from core.roles import Role
    from tests.factories import person

    response = api(person(Role.TEACHER)).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_both_security_schemes_are_described(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["apiToken"]["scheme"] == "bearer"
    flow = schemes["integrationClient"]["flows"]["clientCredentials"]
    assert schemes["integrationClient"]["type"] == "oauth2"
    assert flow["tokenUrl"] == "/oauth/token/"
    assert set(flow["scopes"]) == set(SCOPE_MATRIX)


def test_each_operation_names_the_scopes_that_open_it(schema):
    people = schema["paths"]["/api/v1/people/"]
    assert {"integrationClient": ["roster:read"]} in people["get"]["security"]
    assert {"integrationClient": ["roster:write"]} in people["get"]["security"]
    assert {"apiToken": []} in people["get"]["security"]
    assert [s for s in people["post"]["security"] if "integrationClient" in s] == [
        {"integrationClient": ["roster:write"]}
    ]
    summary = schema["paths"]["/api/v1/self-assessments/summary/"]["get"]["security"]
    assert [s for s in summary if "integrationClient" in s] == [
        {"integrationClient": ["assessments:aggregate"]}
    ]


def test_operations_closed_to_clients_do_not_offer_the_client_scheme(schema):
    for path in ("/api/v1/self-assessments/", "/api/v1/tokens/", "/api/v1/integration-clients/"):
        for operation in schema["paths"][path].values():
            assert not [s for s in operation["security"] if "integrationClient" in s], path
            assert {"apiToken": []} in operation["security"]
