"""The district's token endpoint (client credentials) and what a token then opens."""

import datetime

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from integrations.services import integration_client_revoke, integration_client_rotate_secret

pytestmark = pytest.mark.django_db


def test_client_credentials_give_a_short_lived_scoped_token(make_client, token_response, as_client):
    client, secret = make_client(["roster:read"])
    response = token_response(client.client_id, secret)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "roster:read"
    assert body["expires_in"] == 15 * 60
    assert body["access_token"].startswith("ldc_")
    assert "refresh_token" not in body
    people = as_client(body["access_token"]).get("/api/v1/schools/")
    assert people.status_code == 200, people.content


def test_only_a_checksum_of_the_token_is_stored(client_token):
    token = client_token(["roster:read"])
    assert not AccessToken.objects.filter(token=token).exists()
    assert AccessToken.objects.count() == 1


def test_secret_is_stored_hashed(make_client):
    client, secret = make_client(["roster:read"])
    client.refresh_from_db()
    assert client.client_secret != secret
    assert client.client_secret.startswith("md5$")  # the test settings' hasher


def test_wrong_secret_is_invalid_client(make_client, token_response):
    client, _secret = make_client(["roster:read"])
    response = token_response(client.client_id, "not-the-secret")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_other_grants_are_refused(make_client, token_response):
    client, secret = make_client(["roster:read"])
    response = token_response(client.client_id, secret, grant="password")
    assert response.status_code == 400
    assert response.json()["error"] in ("unauthorized_client", "invalid_request", "unsupported_grant_type")


def test_a_client_asks_only_for_its_own_scopes(make_client, token_response):
    client, secret = make_client(["roster:read", "frameworks:read"])
    narrowed = token_response(client.client_id, secret, scope="frameworks:read")
    assert narrowed.status_code == 200 and narrowed.json()["scope"] == "frameworks:read"
    beyond = token_response(client.client_id, secret, scope="roster:write")
    assert beyond.status_code == 400
    assert beyond.json()["error"] == "invalid_scope"


def test_lakeview_client_on_riverside_token_endpoint_is_invalid_client(make_client, token_response, lakeview):
    client, secret = make_client(["roster:read"], district=lakeview)
    assert token_response(client.client_id, secret, district=lakeview).status_code == 200
    response = token_response(client.client_id, secret)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_token_on_the_wrong_host_is_401(client_token, as_client, lakeview):
    token = client_token(["roster:read"])
    assert as_client(token).get("/api/v1/schools/").status_code == 200
    response = as_client(token, district=lakeview).get("/api/v1/schools/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith('Bearer realm="api"')


def test_expired_token_is_401(client_token, as_client):
    token = client_token(["roster:read"])
    AccessToken.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
    assert as_client(token).get("/api/v1/schools/").status_code == 401


def test_revoked_client_tokens_stop_at_once_and_no_new_token(make_client, token_response, as_client):
    client, secret = make_client(["roster:read"])
    token = token_response(client.client_id, secret).json()["access_token"]
    integration_client_revoke(actor=None, client=client)
    assert as_client(token).get("/api/v1/schools/").status_code == 401
    refused = token_response(client.client_id, secret)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


def test_rotated_secret_refuses_the_old_one_and_its_tokens(make_client, token_response, as_client):
    client, old = make_client(["roster:read"])
    token = token_response(client.client_id, old).json()["access_token"]
    new = integration_client_rotate_secret(actor=None, client=client).secret
    assert new != old
    assert as_client(token).get("/api/v1/schools/").status_code == 401
    assert token_response(client.client_id, old).json()["error"] == "invalid_client"
    fresh = token_response(client.client_id, new)
    assert fresh.status_code == 200
    assert as_client(fresh.json()["access_token"]).get("/api/v1/schools/").status_code == 200


def test_ip_allow_list_refuses_other_addresses(make_client, token_response, as_client):
    client, secret = make_client(["roster:read"], networks=["203.0.113.0/24"])
    refused = token_response(client.client_id, secret, address="198.51.100.7")
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    allowed = token_response(client.client_id, secret, address="203.0.113.9")
    assert allowed.status_code == 200
    token = allowed.json()["access_token"]
    assert as_client(token, address="203.0.113.9").get("/api/v1/schools/").status_code == 200
    assert as_client(token, address="198.51.100.7").get("/api/v1/schools/").status_code == 401


def test_personal_tokens_keep_working(api):
    from core.roles import Role
    from tests.factories import SchoolFactory, person

    admin = person(Role.DISTRICT_ADMIN, SchoolFactory())
    response = api(admin).get("/api/v1/schools/")
    assert response.status_code == 200
    assert api(token="lds_nope").get("/api/v1/schools/").status_code == 401
