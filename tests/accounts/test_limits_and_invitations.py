import pytest
from django.core import mail

from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "riverside.localhost"}


def sign_in(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password}, **HOST)


def test_sign_in_accepts_the_address_in_any_case(client):
    teacher = person(Role.TEACHER, email="mixed.case@example.org", first_name="Mika")
    assert sign_in(client, "  Mixed.Case@Example.ORG ", "correct-horse-battery").status_code == 302
    home = client.get("/", **HOST)
    assert home.status_code == 200 and "Welcome, Mika" in home.content.decode()
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_repeated_failures_lock_the_address_even_with_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    person(Role.TEACHER, email="target@example.org")
    for _ in range(3):
        assert sign_in(client, "target@example.org", "guess").status_code == 200
    locked = sign_in(client, "target@example.org", "correct-horse-battery")
    assert locked.status_code == 200
    assert "Too many failed attempts" in locked.content.decode()
    person(Role.TEACHER, email="bystander@example.org")
    assert sign_in(client, "bystander@example.org", "correct-horse-battery").status_code == 302


def test_password_reset_emails_stop_after_the_limit_but_the_answer_does_not_change(client, settings):
    settings.PASSWORD_RESET_LIMIT = 2
    person(Role.TEACHER, email="flooded@example.org")
    for _ in range(4):
        response = client.post("/accounts/password-reset/", {"email": "flooded@example.org"}, **HOST)
        assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_api_requests_are_throttled_per_person(api, settings):
    settings.API_RATE_USER = "3/minute"
    busy, calm = api(person(Role.TEACHER)), api(person(Role.TEACHER))
    codes = [busy.get("/api/v1/schools/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert busy.get("/api/v1/schools/").json()["error"]["code"] == "throttled"
    assert calm.get("/api/v1/schools/").status_code == 200


def test_api_can_email_an_invitation_once_the_person_is_saved(api, django_capture_on_commit_callbacks):
    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)
    with django_capture_on_commit_callbacks(execute=True):
        quiet = client.post(
            "/api/v1/people/",
            {"email": "quiet@example.org", "first_name": "Q", "last_name": "T"},
            format="json",
        )
        invited = client.post(
            "/api/v1/people/",
            {"email": "invited@example.org", "first_name": "I", "last_name": "T", "send_invitation": True},
            format="json",
        )
    assert quiet.status_code == invited.status_code == 201
    assert [m.to for m in mail.outbox] == [["invited@example.org"]]
    assert "http://riverside.localhost/accounts/reset/" in mail.outbox[0].body


def test_api_times_are_in_the_district_time_zone(api, riverside):
    body = api(person(Role.TEACHER)).get("/api/v1/me/").json()
    assert body["date_joined"].endswith(("-06:00", "-05:00")), "America/Chicago, not UTC"
