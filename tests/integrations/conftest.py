"""Integration clients in tests: made through the service, tokens asked of the district's
real token endpoint (django-oauth-toolkit's TokenView) through the test client."""

import base64
from urllib.parse import urlencode

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from integrations.services import integration_client_create
from tests.conftest import DistrictClient


@pytest.fixture
def make_client(riverside):
    """`make_client(["roster:read"])` → (IntegrationClient, secret) in riverside (or `district=`)."""

    def make(scopes, *, district=None, name="Roster sync", networks=()):
        with tenant_context(district or riverside):
            issued = integration_client_create(
                actor=None, name=name, scopes=scopes, allowed_networks=networks
            )
        return issued.client, issued.secret

    return make


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def token_response(riverside):
    """`token_response(client_id, secret, district=..., scope=..., address=...)`: the token
    endpoint's answer, on the district's own host."""

    def ask(client_id, secret, *, district=None, scope=None, address="127.0.0.1", grant="client_credentials"):
        http = DistrictClient(district or riverside)
        http._return_to = connection.tenant
        body = {"grant_type": grant, **({"scope": scope} if scope else {})}
        return http.generic(
            "POST",
            "/oauth/token/",
            urlencode(body),
            content_type="application/x-www-form-urlencoded",
            HTTP_AUTHORIZATION=basic(client_id, secret),
            REMOTE_ADDR=address,
        )

    return ask


@pytest.fixture
def client_token(make_client, token_response):
    """`client_token(["roster:read"])` → an access token for a new riverside client."""

    def issue(scopes, **kwargs):
        client, secret = make_client(scopes, **kwargs)
        response = token_response(client.client_id, secret, district=kwargs.get("district"))
        assert response.status_code == 200, response.content
        return response.json()["access_token"]

    return issue


@pytest.fixture
def as_client(riverside):
    """`as_client(token)` → an API client sending the access token on riverside's (or `district=`) host."""

    def make(token, *, district=None, address="127.0.0.1"):
        http = DistrictClient(district or riverside, REMOTE_ADDR=address)
        http._return_to = connection.tenant
        http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return http

    return make
