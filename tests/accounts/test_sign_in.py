import re

import pytest
from django.core import mail

from accounts.services import user_create
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


def sign_in(client, email, password="correct-horse-battery"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, HTTP_HOST="riverside.localhost"
    )


def test_sign_in_is_by_email_and_case_insensitive_on_the_address(client):
    teacher = person(Role.TEACHER, email="maria.lopez@example.org")
    assert sign_in(client, "maria.lopez@example.org").status_code == 302
    assert client.get("/", HTTP_HOST="riverside.localhost").context["me"] == teacher


def test_wrong_password_is_refused_with_a_message(client):
    person(Role.TEACHER, email="sam@example.org")
    response = sign_in(client, "sam@example.org", "wrong")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_deactivated_person_cannot_sign_in_and_keeps_history(client, api):
    admin = person(Role.DISTRICT_ADMIN)
    teacher = person(Role.TEACHER, email="leaving@example.org")
    membership = teacher.memberships.get()
    assert api(admin).post(f"/api/v1/people/{teacher.pk}/deactivate/").status_code == 200

    assert sign_in(client, "leaving@example.org").status_code == 200
    membership.refresh_from_db()
    assert not membership.is_active and membership.end_date is not None, "history kept, ended"
    body = api(admin).get(f"/api/v1/people/{teacher.pk}/").json()
    assert body["is_active"] is False
    assert len(body["memberships"]) == 1


def test_deactivation_signs_out_an_open_session(client, api):
    admin = person(Role.DISTRICT_ADMIN)
    teacher = person(Role.TEACHER)
    sign_in(client, teacher.email)
    assert client.get("/", HTTP_HOST="riverside.localhost").status_code == 200
    api(admin).post(f"/api/v1/people/{teacher.pk}/deactivate/")
    assert client.get("/", HTTP_HOST="riverside.localhost").status_code == 302


def test_new_person_sets_password_through_the_emailed_link(client):
    user_create(actor=None, email="new.teacher@example.org", first_name="New", last_name="Teacher")
    response = client.post(
        "/accounts/password-reset/", {"email": "new.teacher@example.org"}, HTTP_HOST="riverside.localhost"
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://riverside\.localhost(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, HTTP_HOST="riverside.localhost", follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "Blue-lantern-42", "new_password2": "Blue-lantern-42"},
        HTTP_HOST="riverside.localhost",
    )
    assert done.status_code == 302
    assert sign_in(client, "new.teacher@example.org", "Blue-lantern-42").status_code == 302


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(
        "/accounts/password-reset/", {"email": "nobody@example.org"}, HTTP_HOST="riverside.localhost"
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_sign_out_requires_post_and_ends_the_session(client):
    teacher = person(Role.TEACHER)
    sign_in(client, teacher.email)
    assert client.get("/accounts/logout/", HTTP_HOST="riverside.localhost").status_code == 405
    client.post("/accounts/logout/", HTTP_HOST="riverside.localhost")
    assert client.get("/", HTTP_HOST="riverside.localhost").status_code == 302
