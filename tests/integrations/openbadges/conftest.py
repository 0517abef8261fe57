"""The Open Badges API in rollback tests: a wallet (tests/integrations/openbadges/client.py)
talks to the district's real endpoints through the test client on the district's host; the
holder consents on the real consent page, signed in."""

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from core.roles import Role
from tests.conftest import DistrictClient
from tests.factories import person
from tests.integrations.openbadges.client import BOTH_SCOPES, Wallet, metadata

REDIRECT = "https://wallet.example.org/callback"


@pytest.fixture
def http(riverside):
    """`http(district=None, user=None)`: a client on the district's host (signed in as `user`)."""

    def make(*, district=None, user=None):
        client = DistrictClient(district or riverside)
        client._return_to = connection.tenant
        if user is not None:
            with tenant_context(district or riverside):
                client.force_login(user)
        return client

    return make


@pytest.fixture
def teacher():
    return person(Role.TEACHER, first_name="Tess", last_name="Holder")


@pytest.fixture
def register(http):
    """`register(**metadata changes)` → the registration endpoint's response."""

    def send(*, district=None, **changes):
        body = json.dumps(metadata(REDIRECT, **changes))
        return http(district=district).post("/oauth/register/", body, content_type="application/json")

    return send


@pytest.fixture
def wallet(register):
    """A registered confidential wallet (`wallet(token_endpoint_auth_method="none")` for a public one)."""

    def make(**changes):
        response = register(**changes)
        assert response.status_code == 201, response.content
        return Wallet.from_registration(response.json())

    return make


def consent(http, wallet: Wallet, user, *, scope=BOTH_SCOPES, allow=True, district=None):
    """The holder opens the authorization request signed in and answers the consent form:
    the redirect back to the wallet (its Location)."""
    browser = http(district=district, user=user)
    page = browser.get(wallet.authorization_path(scope))
    assert page.status_code == 200, page.content[:500]
    form = page.context["form"]
    fields = {name: value for name, value in form.initial.items() if value is not None}
    if allow:
        fields["allow"] = "Authorize"
    answer = browser.post("/oauth/authorize/", fields)
    assert answer.status_code == 302, answer.content[:500]
    return answer["Location"]


def code_from(location: str, wallet: Wallet) -> str:
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == [wallet.state], location
    return query["code"][0]


@pytest.fixture
def exchange(http):
    """`exchange(wallet, code)` → the token endpoint's response."""

    def send(wallet: Wallet, code: str, *, district=None):
        body, headers = wallet.token_request(code)
        return http(district=district).post(
            "/oauth/token/",
            urlencode(body),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )

    return send


@pytest.fixture
def holder_token(http, wallet, exchange):
    """`holder_token(user, scope=...)` → (access token JSON, wallet) after the whole flow."""

    def issue(user, *, scope=BOTH_SCOPES, **changes):
        app = wallet(**changes)
        location = consent(http, app, user, scope=scope)
        response = exchange(app, code_from(location, app))
        assert response.status_code == 200, response.content
        return response.json(), app

    return issue


@pytest.fixture
def as_holder_app(http):
    """`as_holder_app(access_token)` → a client sending it on riverside's (or `district=`) host."""

    def make(token: str, *, district=None):
        client = http(district=district)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make
