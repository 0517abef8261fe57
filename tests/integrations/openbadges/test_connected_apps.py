"""The holder's "Connected apps": every app they allowed, and revoking one."""

import pytest
from oauth2_provider.models import AccessToken, Grant, RefreshToken

from core.audit import AuditEvent
from core.roles import Role
from integrations.models import IntegrationClient
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_the_holder_sees_the_apps_they_allowed_and_nobody_elses(holder_token, http, teacher):
    holder_token(teacher)
    other = person(Role.TEACHER)
    holder_token(other, client_name="Someone else's wallet")
    page = http(user=teacher).get("/my/connected-apps/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Backpack Wallet" in text and "your credentials, your profile" in text
    assert "Someone else" not in text


def test_revoking_deletes_the_apps_tokens_for_this_holder_only(holder_token, http, teacher, as_holder_app):
    body, app = holder_token(teacher)
    other = person(Role.TEACHER)
    other_body, _ = holder_token(other)
    client = IntegrationClient.objects.get(client_id=app.client_id)
    answer = http(user=teacher).post(f"/my/connected-apps/{client.pk}/revoke/")
    assert answer.status_code == 302
    for model in (AccessToken, RefreshToken, Grant):
        assert not model.objects.filter(user=teacher).exists()
    assert AccessToken.objects.filter(user=other).exists()
    assert as_holder_app(body["access_token"]).get("/ims/ob/v3p0/profile").status_code == 401
    assert as_holder_app(other_body["access_token"]).get("/ims/ob/v3p0/profile").status_code == 200
    assert AuditEvent.objects.filter(action="holder_app.consent_revoked", actor=teacher).exists()
    assert (
        "No app can read your credentials." in http(user=teacher).get("/my/connected-apps/").content.decode()
    )


def test_revoking_an_app_one_did_not_allow_is_a_404(holder_token, http, teacher):
    _body, app = holder_token(teacher)
    client = IntegrationClient.objects.get(client_id=app.client_id)
    stranger = person(Role.TEACHER)
    assert http(user=stranger).post(f"/my/connected-apps/{client.pk}/revoke/").status_code == 404
    assert AccessToken.objects.filter(user=teacher).exists()


def test_holders_apps_are_not_listed_among_integration_clients(holder_token, http, teacher):
    holder_token(teacher)
    admin = person(Role.DISTRICT_ADMIN)
    page = http(user=admin).get("/integrations/clients/")
    assert page.status_code == 200 and "Backpack Wallet" not in page.content.decode()
    listed = http(user=admin)
    listed.force_authenticate(admin)
    assert "Backpack Wallet" not in listed.get("/api/v1/integration-clients/").content.decode()


def test_an_app_of_riverside_cannot_be_revoked_from_lakeview(
    holder_token, http, teacher, lakeview, in_district
):
    _body, app = holder_token(teacher)
    client = IntegrationClient.objects.get(client_id=app.client_id)
    with in_district(lakeview):
        lakeview_teacher = person(Role.TEACHER)
    answer = http(district=lakeview, user=lakeview_teacher).post(f"/my/connected-apps/{client.pk}/revoke/")
    assert answer.status_code == 404
    assert AccessToken.objects.filter(user=teacher).exists()
