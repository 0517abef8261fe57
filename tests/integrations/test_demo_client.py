"""The demo's integration client works with the id and secret the docs give."""

import pytest

from demo.clients import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_integration_clients
from demo.districts import DEMO_DISTRICTS
from integrations.models import IntegrationClient

pytestmark = pytest.mark.django_db
RIVERSIDE = next(spec for spec in DEMO_DISTRICTS if spec.slug == "riverside")
LAKEVIEW = next(spec for spec in DEMO_DISTRICTS if spec.slug == "lakeview")


def test_the_documented_demo_credentials_give_a_token_that_reads(token_response, as_client):
    assert seed_integration_clients(RIVERSIDE) == {"integration clients": 1}
    assert seed_integration_clients(RIVERSIDE) == {"integration clients": 0}
    assert seed_integration_clients(LAKEVIEW) == {"integration clients": 0}
    stored = IntegrationClient.objects.get()
    assert stored.client_secret != DEMO_CLIENT_SECRET  # hashed, as every secret
    response = token_response(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    assert response.status_code == 200, response.content
    http = as_client(response.json()["access_token"])
    assert http.get("/api/v1/schools/").status_code == 200
    assert http.get("/ims/case/v1p1/CFDocuments").status_code == 200
