"""A district that requires single sign-on: the password form refuses everyone but its
break-glass administrators; personal API tokens keep working; SSO itself still signs in."""

import pytest
from django.contrib.auth import SESSION_KEY

from core.roles import Role
from identity.providers.services import sign_in_policy_update
from tests.factories import person
from tests.identity.conftest import DOMAIN, sign_in_through

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def password_sign_in(client, email):
    return client.post(
        "/accounts/login/", {"username": email, "password": PASSWORD}, HTTP_HOST="riverside.localhost"
    )


@pytest.fixture
def required(idp):
    keeper = person(Role.DISTRICT_ADMIN, email=f"keeper@{DOMAIN}")
    sign_in_policy_update(actor=None, require_sso=True, break_glass=[keeper.pk])
    return keeper


def test_password_sign_in_is_refused_with_a_pointer_to_the_provider(client, required):
    tess = person(Role.TEACHER, email=f"tess@{DOMAIN}")
    response = password_sign_in(client, tess.email)
    assert response.status_code == 200
    page = response.content.decode()
    assert "signs in through its identity provider" in page
    assert "Continue with Riverside Login" in page
    assert SESSION_KEY not in client.session


def test_another_admin_who_is_not_break_glass_is_refused_too(client, required):
    other_admin = person(Role.DISTRICT_ADMIN, email=f"other@{DOMAIN}")
    assert password_sign_in(client, other_admin.email).status_code == 200
    assert SESSION_KEY not in client.session


def test_break_glass_admin_still_signs_in_with_a_password(client, required):
    response = password_sign_in(client, required.email)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(required.pk)


def test_wrong_password_says_so_and_not_that_sso_is_required(client, required):
    tess = person(Role.TEACHER, email=f"tess@{DOMAIN}")
    response = client.post(
        "/accounts/login/", {"username": tess.email, "password": "wrong"}, HTTP_HOST="riverside.localhost"
    )
    assert "do not match an active account" in response.content.decode()
    assert "identity provider" not in response.content.decode().split("<form")[1].split("</form>")[0]


def test_personal_api_tokens_keep_working(api, required):
    tess = person(Role.TEACHER, email=f"tess@{DOMAIN}")
    assert api(tess).get("/api/v1/me/").status_code == 200


def test_single_sign_on_still_signs_people_in(client, oidc, idp, required):
    tess = person(Role.TEACHER, email=f"tess@{DOMAIN}")
    oidc.reset(sub="g-1", email=tess.email, email_verified=True)
    assert sign_in_through(client, oidc, idp.slug).status_code == 302
    assert client.session[SESSION_KEY] == str(tess.pk)


def test_lakeview_is_not_affected_by_riversides_requirement(client, required, lakeview, in_district):
    with in_district(lakeview):
        theirs = person(Role.TEACHER, email="lena@lakeview.example.org")
    response = client.post(
        "/accounts/login/", {"username": theirs.email, "password": PASSWORD}, HTTP_HOST="lakeview.localhost"
    )
    assert response.status_code == 302
