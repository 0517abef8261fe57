"""District administrators are offered two-factor sign-in (accounts/two_factor/): they set up
an authenticator app on their own page, and from then on their password sign-in asks for
the code, which counts against the same sign-in limits as the password."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from core.roles import Role
from tests.factories import person
from tests.support import totp_code

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "riverside.localhost", "REMOTE_ADDR": "198.51.100.20"}
PASSWORD = "correct-horse-battery"


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password}, **HOST)


def enter_code(client, code):
    return client.post("/accounts/login/code/", {"code": code}, **HOST)


def enrolled_admin(**fields):
    admin = person(Role.DISTRICT_ADMIN, **fields)
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    return admin, device


def test_admin_sets_up_an_app_on_their_page_and_then_their_sign_in_asks_for_the_code(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own pause after a wrong code (1 s, doubling)
    admin = person(Role.DISTRICT_ADMIN, email="ada@example.org", first_name="Ada")
    client.force_login(admin)
    assert "Set up two-factor sign-in" in client.get("/accounts/two-factor/", **HOST).content.decode()
    client.post("/accounts/two-factor/", {"action": "start"}, **HOST)
    page = client.get("/accounts/two-factor/", **HOST).content.decode()
    assert "<svg" in page, "the QR code is drawn on the page, not fetched from elsewhere"
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert (
        client.post("/accounts/two-factor/", {"action": "confirm", "code": "000000"}, **HOST).status_code
        == 200
    )
    confirmed = client.post("/accounts/two-factor/", {"action": "confirm", "code": totp_code(secret)}, **HOST)
    assert confirmed.status_code == 302
    assert AuditEvent.objects.filter(action="two_factor.enrolled", target_id=str(admin.pk)).exists()
    client.post("/accounts/logout/", **HOST)

    asked = sign_in(client, "ada@example.org")
    assert asked.status_code == 302 and asked["Location"] == "/accounts/login/code/"
    assert client.get("/", **HOST).status_code == 302, "not signed in before the code"
    wrong = enter_code(client, "123456" if totp_code(secret, ahead=1) != "123456" else "654321")
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert enter_code(client, totp_code(secret, ahead=1)).status_code == 302
    assert "Welcome, Ada" in client.get("/", **HOST).content.decode()


def test_wrong_codes_count_against_the_same_limits_as_wrong_passwords(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    admin, device = enrolled_admin()
    sign_in(client, admin.email)  # attempt 1: the password, right
    enter_code(client, "000001")  # 2
    enter_code(client, "000002")  # 3
    refused = enter_code(client, totp_code(device))  # 4: past the limit, not checked
    assert "Too many failed attempts" in refused.content.decode()
    assert client.get("/", **HOST).status_code == 302
    assert refused_password(client, admin.email)


def refused_password(client, email) -> bool:
    return "Too many failed attempts" in sign_in(client, email).content.decode()


def test_a_code_is_asked_only_of_people_who_set_up_an_app(client):
    teacher = person(Role.TEACHER)
    assert sign_in(client, teacher.email)["Location"] == "/"


def test_the_code_page_without_a_right_password_sends_back_to_sign_in(client):
    assert enter_code(client, "123456")["Location"] == "/accounts/login/"


def test_turning_it_off_needs_a_current_code(client):
    admin, device = enrolled_admin()
    client.force_login(admin)
    kept = client.post("/accounts/two-factor/", {"action": "remove", "code": "000000"}, **HOST)
    assert kept.status_code == 200 and TOTPDevice.objects.filter(user=admin).exists()
    client.post("/accounts/two-factor/", {"action": "remove", "code": totp_code(device)}, **HOST)
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEvent.objects.filter(action="two_factor.removed", target_id=str(admin.pk)).exists()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CENTRAL_OFFICE])
def test_two_factor_is_offered_to_district_administrators_only(client, role):
    client.force_login(person(role))
    assert client.get("/accounts/two-factor/", **HOST).status_code == 403
