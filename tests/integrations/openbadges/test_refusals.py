"""What the Open Badges API refuses: each answer is the specification's imsx_StatusInfo (or
OAuth 2.0's error at the authorization server) and validates against the official schema."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from core.audit import AuditEvent
from integrations.models import IntegrationClient
from integrations.oauth import OB_CREDENTIAL_READ, OB_PROFILE_READ
from integrations.openbadges.services import holder_app_consent_revoke
from schools.services import user_deactivate
from tests.integrations.openbadges.standards import assert_valid

pytestmark = pytest.mark.django_db


def refused(response, status: int, minor: str, field: str = "TargetEndSystem") -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert_valid(body, "imsx_statusinfo.json")
    (entry,) = body["imsx_codeMinor"]["imsx_codeMinorField"]
    assert entry["imsx_codeMinorFieldValue"] == minor
    assert entry["imsx_codeMinorFieldName"] == field
    return body


def test_without_a_token_the_api_is_a_401_that_says_bearer(http):
    response = http().get("/ims/ob/v3p0/credentials")
    refused(response, 401, "unauthorizedrequest")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_without_the_scope_is_a_403_naming_it(holder_token, as_holder_app, teacher):
    body, _app = holder_token(teacher, scope=OB_PROFILE_READ)
    assert body["scope"] == OB_PROFILE_READ
    holder = as_holder_app(body["access_token"])
    answer = refused(holder.get("/ims/ob/v3p0/credentials"), 403, "forbidden")
    assert OB_CREDENTIAL_READ in answer["imsx_description"]
    assert holder.get("/ims/ob/v3p0/profile").status_code == 200


def test_a_scope_the_app_did_not_register_is_refused_at_consent(wallet, http, teacher):
    app = wallet(scope=OB_PROFILE_READ)
    page = http(user=teacher).get(app.authorization_path(f"{OB_PROFILE_READ} {OB_CREDENTIAL_READ}"))
    assert page.status_code == 302
    assert parse_qs(urlsplit(page["Location"]).query)["error"] == ["invalid_scope"]


def test_a_riverside_token_is_unknown_on_lakeview(holder_token, as_holder_app, teacher, lakeview):
    body, _app = holder_token(teacher)
    refused(
        as_holder_app(body["access_token"], district=lakeview).get("/ims/ob/v3p0/credentials"),
        401,
        "unauthorizedrequest",
    )
    assert as_holder_app(body["access_token"]).get("/ims/ob/v3p0/credentials").status_code == 200


def test_a_riverside_app_is_unknown_on_lakeview(wallet, http, lakeview, in_district):
    from core.roles import Role
    from tests.factories import person

    app = wallet()
    with in_district(lakeview):
        lakeview_teacher = person(Role.TEACHER)
    page = http(district=lakeview, user=lakeview_teacher).get(app.authorization_path())
    assert page.status_code == 400  # unknown client: the toolkit will not redirect to its URI
    assert "cannot be accepted" in page.content.decode()


def test_revoked_consent_stops_the_token_and_the_refresh_token(
    holder_token, as_holder_app, teacher, exchange, http
):
    body, app = holder_token(teacher)
    client = IntegrationClient.objects.get(client_id=app.client_id)
    holder_app_consent_revoke(actor=teacher, client=client)
    refused(as_holder_app(body["access_token"]).get("/ims/ob/v3p0/credentials"), 401, "unauthorizedrequest")
    refresh = http().post(
        "/oauth/token/",
        {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]},
        headers=app.token_request("unused")[1],
    )
    assert refresh.status_code == 400 and refresh.json()["error"] == "invalid_grant"


def test_an_expired_token_is_a_401(holder_token, as_holder_app, teacher):
    body, _app = holder_token(teacher)
    AccessToken.objects.filter(user=teacher).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    refused(as_holder_app(body["access_token"]).get("/ims/ob/v3p0/profile"), 401, "unauthorizedrequest")


def test_a_deactivated_holders_token_opens_nothing(holder_token, as_holder_app, teacher):
    body, _app = holder_token(teacher)
    user_deactivate(actor=None, user=teacher)
    refused(as_holder_app(body["access_token"]).get("/ims/ob/v3p0/profile"), 401, "unauthorizedrequest")


def test_an_authorization_request_without_pkce_is_refused(wallet, http, teacher):
    app = wallet()
    page = http(user=teacher).get(app.authorization_path(pkce=False))
    assert page.status_code == 302
    query = parse_qs(urlsplit(page["Location"]).query)
    assert query["error"] == ["invalid_request"]
    assert query["error_description"] == ["Code challenge required."]


def test_a_denied_consent_gives_the_app_no_code(wallet, http, teacher):
    from tests.integrations.openbadges.conftest import consent

    app = wallet()
    location = consent(http, app, teacher, allow=False)
    query = parse_qs(urlsplit(location).query)
    assert query["error"] == ["access_denied"] and "code" not in query
    assert not AuditEvent.objects.filter(action="holder_app.consent_granted").exists()


def test_an_integration_clients_token_does_not_open_the_api(client_token, as_holder_app):
    token = client_token(["credentials:read"])
    refused(as_holder_app(token).get("/ims/ob/v3p0/credentials"), 401, "unauthorizedrequest")


def test_a_holder_apps_token_does_not_open_lodestars_own_api(holder_token, as_holder_app, teacher):
    body, _app = holder_token(teacher)
    assert as_holder_app(body["access_token"]).get("/api/v1/me/").status_code == 401


def test_bad_paging_parameters_name_the_parameter(holder_token, as_holder_app, teacher):
    body, _app = holder_token(teacher)
    holder = as_holder_app(body["access_token"])
    refused(holder.get("/ims/ob/v3p0/credentials", {"limit": "0"}), 400, "invalid_query_parameter", "limit")
    refused(
        holder.get("/ims/ob/v3p0/credentials", {"offset": "-1"}), 400, "invalid_query_parameter", "offset"
    )
    refused(
        holder.get("/ims/ob/v3p0/credentials", {"since": "yesterday"}),
        400,
        "invalid_query_parameter",
        "since",
    )


def test_writes_the_api_does_not_offer_are_405_and_unknown_paths_404(holder_token, as_holder_app, teacher):
    body, _app = holder_token(teacher)
    holder = as_holder_app(body["access_token"])
    refused(holder.post("/ims/ob/v3p0/credentials", {}, format="json"), 405, "not_allowed")
    refused(holder.put("/ims/ob/v3p0/profile", {}, format="json"), 405, "not_allowed")
    refused(holder.get("/ims/ob/v3p0/nothing-here"), 404, "not_found")
