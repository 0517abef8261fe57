"""The scope matrix (integration clients' OAuth 2.0 scopes by actions), row by row, observed
through the API as the role matrix is (tests/core/test_permission_matrix.py, whose observers
this reuses with a client's token in place of a person's).

EXPECTED is written out by hand, independently of core.permissions.SCOPE_MATRIX. For each
action: a client holding the scopes that grant it observes the whole district; a client
holding every other scope observes nothing.
"""

import base64
from urllib.parse import urlencode

import pytest
from django.db import connection

from core.permissions import CASE_SCOPE, MATRIX, SCOPE_MATRIX, Scope
from integrations.services import integration_client_create
from tests.conftest import DistrictClient
from tests.core import test_permission_matrix as role_matrix
from tests.dashboards.observers import DASHBOARD_OBSERVERS
from tests.factories import SupervisionFactory, person
from tests.pathways.observers import PATHWAYS_OBSERVERS

pytestmark = pytest.mark.django_db
D = Scope.DISTRICT
world = role_matrix.world  # the role matrix's fixture: two schools, a colleague, a stranger

EXPECTED = {
    "roster:read": {"school.view", "person.view", "membership.view", "supervision.view"},
    "roster:write": {
        "school.view",
        "person.view",
        "membership.view",
        "supervision.view",
        "school.manage",
        "person.manage",
        "membership.manage",
        "supervision.manage",
    },
    "frameworks:read": {"framework.view"},
    "frameworks:write": {"framework.view", "framework.manage"},
    "assessments:aggregate": {
        "self_assessment.aggregate",
        "window.completion",
        "perception.view_any",
        "framework.view",
    },
    "coaching:read": {"coaching.view_any", "goal.view_any", "check_in.view_any"},
    "credentials:read": {"credential.view_any"},
    "webhooks:manage": {"webhook.manage"},
    CASE_SCOPE: {"framework.view"},
}
# Actions whose observers need a person (their own records, a relationship) or that no
# scope may ever grant; the last must stay closed to every client.
NEVER = {"self_assessment.view_any", "submission.view_any", "integration_client.manage", "token.manage"}


def test_scope_matrix_is_as_written():
    assert {scope: set(row) for scope, row in SCOPE_MATRIX.items()} == EXPECTED
    assert all(level == D for row in SCOPE_MATRIX.values() for level in row.values())


def test_every_scoped_action_is_in_the_role_matrix():
    # `webhook.manage` arrives with the webhooks part of issue 14; until then it is the one
    # action a scope names that the role matrix does not have.
    named = {action for row in SCOPE_MATRIX.values() for action in row}
    assert named - set(MATRIX) <= {"webhook.manage"}


def test_no_scope_reaches_individual_self_assessments_or_client_management():
    for row in SCOPE_MATRIX.values():
        assert not set(row) & NEVER


def _client_api(riverside, scopes):
    issued = integration_client_create(actor=None, name="Matrix", scopes=scopes)
    http = DistrictClient(riverside)
    http._return_to = connection.tenant
    basic = base64.b64encode(f"{issued.client.client_id}:{issued.secret}".encode()).decode()
    response = http.generic(
        "POST",
        "/oauth/token/",
        urlencode({"grant_type": "client_credentials"}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 200, response.content
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}")
    return http, issued.client.service_user


def _observe(action, client, actor, world):
    """The observers expect a person's answers; a client refused the operation outright (403)
    reaches nothing."""
    try:
        return _observe_as_person(action, client, actor, world)
    except AssertionError as error:
        if "permission_denied" in str(error):
            return Scope.NONE
        raise


def _observe_as_person(action, client, actor, world):
    if action in PATHWAYS_OBSERVERS:
        return PATHWAYS_OBSERVERS[action](client, actor, world)
    if action in DASHBOARD_OBSERVERS:
        return DASHBOARD_OBSERVERS[action](client, actor, world)
    if action.endswith(".manage"):
        return role_matrix.observe_manage(action, client, world)
    return role_matrix.observe_read(
        action, client, actor, world, SupervisionFactory(supervisor=person(), supervisee=actor)
    )


GRANTED = sorted({action for row in EXPECTED.values() for action in row if action in MATRIX})


@pytest.mark.parametrize("action", GRANTED)
def test_scopes_that_grant_the_action_reach_the_district(action, world, riverside):
    granting = [scope for scope, row in EXPECTED.items() if action in row]
    client, actor = _client_api(riverside, granting)
    assert _observe(action, client, actor, world) == D


@pytest.mark.parametrize("action", GRANTED)
def test_every_other_scope_together_reaches_nothing(action, world, riverside):
    others = [scope for scope, row in EXPECTED.items() if action not in row]
    client, actor = _client_api(riverside, others)
    assert _observe(action, client, actor, world) == Scope.NONE
