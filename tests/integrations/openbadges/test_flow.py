"""The whole Open Badges API flow, as a wallet runs it: register, ask the holder (PKCE),
exchange the code, pull the credentials page by page and the profile; every answer validates
against 1EdTech's official schemas (shared/standards/ob3/)."""

import pytest

from core.audit import AuditEvent
from integrations.models import IntegrationClient
from integrations.oauth import OB_CREDENTIAL_READ, OB_PROFILE_READ
from pathways.credentials.openbadges import credential_document, subject_id
from pathways.credentials.signing import verify_credential_data_integrity, verify_credential_jwt
from tests.integrations.openbadges.conftest import code_from, consent
from tests.integrations.openbadges.standards import assert_valid, assert_valid_openapi
from tests.pathways.credentials.independent import independent_verify
from tests.pathways.factories import earned_credential

pytestmark = pytest.mark.django_db


def test_discovery_describes_the_api_with_the_districts_own_addresses(http):
    response = http().get("/ims/ob/v3p0/discovery")
    assert response.status_code == 200
    document = response.json()
    assert_valid_openapi(document, "ServiceDescriptionDocument")
    scheme = document["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["x-imssf-registrationUrl"] == "http://riverside.localhost/oauth/register/"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "http://riverside.localhost/oauth/authorize/"
    assert flow["tokenUrl"] == "http://riverside.localhost/oauth/token/"
    assert set(flow["scopes"]) == {OB_CREDENTIAL_READ, OB_PROFILE_READ}
    assert document["servers"] == [{"url": "http://riverside.localhost/ims/ob/v3p0"}]


def test_a_wallet_registers_consents_and_pulls_the_credentials_page_by_page(
    http, wallet, exchange, as_holder_app, teacher
):
    earned = [earned_credential(teacher) for _ in range(3)]
    app = wallet()
    location = consent(http, app, teacher)
    assert location.startswith("https://wallet.example.org/callback?")
    tokens = exchange(app, code_from(location, app))
    assert tokens.status_code == 200, tokens.content
    body = tokens.json()
    assert body["scope"].split() == [OB_CREDENTIAL_READ, OB_PROFILE_READ]
    assert body["refresh_token"]
    granted = AuditEvent.objects.get(action="holder_app.consent_granted", actor=teacher)
    assert granted.data == {
        "client_name": "Backpack Wallet",
        "scope": f"{OB_CREDENTIAL_READ} {OB_PROFILE_READ}",
    }

    holder = as_holder_app(body["access_token"])
    first = holder.get("/ims/ob/v3p0/credentials", {"limit": 2})
    assert first.status_code == 200, first.content
    assert_valid(first.json(), "getopenbadgecredentialsresponse.json")
    assert first["X-Total-Count"] == "3"
    assert 'rel="next"' in first["Link"] and "offset=2" in first["Link"]
    second = holder.get("/ims/ob/v3p0/credentials", {"limit": 2, "offset": 2})
    assert_valid(second.json(), "getopenbadgecredentialsresponse.json")
    assert 'rel="next"' not in second["Link"] and 'rel="prev"' in second["Link"]
    tokens_seen = first.json()["compactJwsString"] + second.json()["compactJwsString"]
    payloads = [verify_credential_jwt(token) for token in tokens_seen]
    assert [p["id"] for p in payloads] == [credential_document(c)["id"] for c in earned]  # oldest first
    for payload in payloads:
        document = {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "sub", "exp", "iat")}
        assert_valid(document, "achievementcredential.json")

    profile = holder.get("/ims/ob/v3p0/profile")
    assert profile.status_code == 200, profile.content
    assert_valid(profile.json(), "profile.json")
    assert profile.json()["id"] == subject_id(teacher) == payloads[0]["credentialSubject"]["id"]
    assert profile.json()["name"] == "Tess Holder"


def test_a_wallet_pulls_the_embedded_proof_format_and_verifies_it_independently(
    http, holder_token, as_holder_app, teacher
):
    earned = [earned_credential(teacher) for _ in range(2)]
    body, _app = holder_token(teacher)
    holder = as_holder_app(body["access_token"])
    response = holder.get("/ims/ob/v3p0/credentials", {"proofFormat": "data-integrity"})
    assert response.status_code == 200, response.content
    assert_valid(response.json(), "getopenbadgecredentialsresponse.json")
    assert set(response.json()) == {"credential"}, "each credential once, in the format asked for"
    signed = response.json()["credential"]
    assert [document["id"] for document in signed] == [credential_document(c)["id"] for c in earned]
    for document in signed:
        assert_valid(document, "achievementcredential.json")
        independent_verify(http, document)
        assert verify_credential_data_integrity(document) == credential_document(
            next(c for c in earned if credential_document(c)["id"] == document["id"])
        )
    default = holder.get("/ims/ob/v3p0/credentials")
    assert set(default.json()) == {"compactJwsString"}, "VC-JWT unless asked otherwise"
    assert [verify_credential_jwt(token)["id"] for token in default.json()["compactJwsString"]] == [
        document["id"] for document in signed
    ]


def test_an_unknown_proof_format_is_refused_naming_the_parameter(holder_token, as_holder_app, teacher):
    earned_credential(teacher)
    body, _app = holder_token(teacher)
    response = as_holder_app(body["access_token"]).get("/ims/ob/v3p0/credentials", {"proofFormat": "ldp"})
    assert response.status_code == 400
    assert_valid(response.json(), "imsx_statusinfo.json")
    [field] = response.json()["imsx_codeMinor"]["imsx_codeMinorField"]
    assert field == {
        "imsx_codeMinorFieldName": "proofFormat",
        "imsx_codeMinorFieldValue": "invalid_query_parameter",
    }


def test_revoked_and_other_peoples_credentials_are_not_served(holder_token, as_holder_app, teacher):
    from pathways.credentials.services import credential_revoke
    from tests.factories import person

    kept = earned_credential(teacher)
    revoked = earned_credential(teacher)
    credential_revoke(actor=None, credential=revoked, reason="Awarded by mistake.")
    earned_credential(person())
    body, _app = holder_token(teacher)
    response = as_holder_app(body["access_token"]).get("/ims/ob/v3p0/credentials")
    assert response["X-Total-Count"] == "1"
    (token,) = response.json()["compactJwsString"]
    assert verify_credential_jwt(token)["id"] == credential_document(kept)["id"]


def test_a_public_client_registers_without_a_secret_and_still_needs_pkce(wallet, http, exchange, teacher):
    app = wallet(token_endpoint_auth_method="none")
    assert app.client_secret is None
    assert IntegrationClient.objects.get(client_id=app.client_id).client_type == "public"
    code = code_from(consent(http, app, teacher), app)
    app.verifier = "not-the-verifier-" + "x" * 40
    wrong = exchange(app, code)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


def test_registration_answers_rfc_7591_and_is_audited(register):
    response = register()
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Cache-Control"] == "no-store"
    assert body["client_secret"] and body["client_secret_expires_at"] == 0
    assert body["client_name"] == "Backpack Wallet"
    assert body["redirect_uris"] == ["https://wallet.example.org/callback"]
    client = IntegrationClient.objects.get(client_id=body["client_id"])
    assert client.is_holder_app and client.service_user is None
    assert client.client_secret != body["client_secret"]  # stored hashed
    assert AuditEvent.objects.filter(action="holder_app.registered", target_id=str(client.pk)).exists()


def test_registration_grants_only_the_offered_scopes(register):
    response = register(
        scope=f"{OB_CREDENTIAL_READ} https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"
    )
    assert response.status_code == 201
    assert response.json()["scope"] == OB_CREDENTIAL_READ


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"client_name": ""}, "invalid_client_metadata", "client_name"),
        ({"client_uri": None}, "invalid_client_metadata", "client_uri"),
        ({"logo_uri": "not a url"}, "invalid_client_metadata", "logo_uri"),
        ({"tos_uri": "http://wallet.example.org/terms"}, "invalid_client_metadata", "tos_uri"),
        ({"policy_uri": 7}, "invalid_client_metadata", "policy_uri"),
        ({"software_id": ""}, "invalid_client_metadata", "software_id"),
        ({"software_version": "x" * 51}, "invalid_client_metadata", "software_version"),
        ({"redirect_uris": []}, "invalid_redirect_uri", "redirect_uris"),
        ({"redirect_uris": ["http://wallet.example.org/cb"]}, "invalid_redirect_uri", "redirect_uris"),
        ({"redirect_uris": ["https://wallet.example.org/cb#x"]}, "invalid_redirect_uri", "redirect_uris"),
        (
            {"token_endpoint_auth_method": "private_key_jwt"},
            "invalid_client_metadata",
            "token_endpoint_auth_method",
        ),
        ({"grant_types": ["client_credentials"]}, "invalid_client_metadata", "grant_types"),
        ({"response_types": ["token"]}, "invalid_client_metadata", "response_types"),
        ({"scope": "roster:read"}, "invalid_client_metadata", "scope"),
        ({"contacts": "me@example.org"}, "invalid_client_metadata", "contacts"),
    ],
)
def test_registration_refusals_name_the_field(register, changes, error, field):
    response = register(**changes)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == error
    assert body["error_description"].startswith(f"{field}:")
    assert not IntegrationClient.objects.filter(authorization_grant_type="authorization-code").exists()


def test_registration_refuses_a_body_that_is_not_json(http):
    client = http()
    assert client.post("/oauth/register/", "client_name=x", content_type="text/plain").status_code == 400
    broken = client.post("/oauth/register/", "{", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error_description"].startswith("body:")
    listed = client.post("/oauth/register/", "[]", content_type="application/json")
    assert listed.status_code == 400 and listed.json()["error"] == "invalid_client_metadata"


def test_loopback_redirects_may_be_plain_http(register):
    assert register(redirect_uris=["http://127.0.0.1:8765/callback"]).status_code == 201


def test_the_refresh_token_gives_a_new_access_token_and_the_app_may_revoke_it(
    holder_token, http, as_holder_app, teacher
):
    body, app = holder_token(teacher)
    _form, headers = app.token_request("unused")
    refreshed = http().post(
        "/oauth/token/",
        {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]},
        headers=headers,
    )
    assert refreshed.status_code == 200, refreshed.content
    fresh = refreshed.json()["access_token"]
    assert as_holder_app(fresh).get("/ims/ob/v3p0/profile").status_code == 200
    revoked = http().post(
        "/oauth/revoke/", {"token": fresh, "token_type_hint": "access_token"}, headers=headers
    )
    assert revoked.status_code == 200, revoked.content
    assert as_holder_app(fresh).get("/ims/ob/v3p0/profile").status_code == 401
