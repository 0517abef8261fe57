"""Platform operators sign in to the public host's admin with a password and a TOTP code,
under the same sign-in limits as a district (accounts/admin_site.py)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from core.models import AuditEvent
from tests.support import totp_code

pytestmark = pytest.mark.django_db
PUBLIC = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "198.51.100.30"}
EMAIL, PASSWORD = "ops@lodestar.example", "Platform-pass-1"


@pytest.fixture
def operator():
    connection.set_schema_to_public()
    return User.objects.create_superuser(EMAIL, PASSWORD, first_name="O", last_name="P")


@pytest.fixture
def device(operator):
    return TOTPDevice.objects.create(user=operator, name="app", confirmed=True)


def sign_in(client, password=PASSWORD, code=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": EMAIL, "password": password, "otp_token": code},
        **PUBLIC,
    )


def test_an_operator_with_an_app_signs_in_with_password_and_code(client, device):
    assert sign_in(client, code=totp_code(device)).status_code == 302
    assert client.get("/admin/district/district/", **PUBLIC).status_code == 200


def test_the_right_password_without_the_code_opens_nothing(client, device):
    answer = sign_in(client)
    assert answer.status_code == 200 and "That code is not right" in answer.content.decode()
    assert client.get("/admin/district/district/", **PUBLIC).status_code == 302


def test_an_operator_without_an_app_cannot_reach_the_admin(client, operator):
    answer = sign_in(client, code="123456")
    assert answer.status_code == 200 and "manage.py operator_totp" in answer.content.decode()
    client.force_login(operator)  # a session without a verified second factor
    assert client.get("/admin/district/district/", **PUBLIC)["Location"].startswith("/admin/login/")


def test_guessing_an_operators_password_is_limited_and_audited(client, device):
    for _ in range(10):
        assert "enter the correct email and password" in sign_in(client, "guess").content.decode()
    refused = sign_in(client, code=totp_code(device))
    assert "Too many failed attempts" in refused.content.decode()
    assert client.get("/admin/", **PUBLIC).status_code == 302
    (event,) = AuditEvent.objects.filter(action="sign_in.limited")
    assert (event.target_id, event.data["limit"]) == (str(device.user_id), "pair")


def test_wrong_codes_are_counted_like_wrong_passwords(client, device, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for code in ("000001", "000002", "000003"):
        sign_in(client, code=code)
    assert "Too many failed attempts" in sign_in(client, code=totp_code(device)).content.decode()


def test_the_enrolment_command_prints_what_an_authenticator_app_needs(operator, capsys):
    call_command("operator_totp", email=EMAIL, no_qr=True)
    out = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=operator, confirmed=True)
    assert device.config_url in out and "otpauth://totp/" in out
