import datetime
import hashlib

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


def _session_client(client, user):
    client.force_login(user)
    return client


def test_token_is_shown_once_and_stored_only_as_a_hash(api):
    teacher = person(Role.TEACHER)
    client = api(teacher, session=True)
    created = client.post("/api/v1/tokens/", {"name": "Roster sync"}, format="json")
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("lds_")

    stored = ApiToken.objects.get(pk=created.json()["id"])
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(stored, f.attname) for f in ApiToken._meta.concrete_fields}

    listed = client.get("/api/v1/tokens/").json()["results"]
    assert all("token" not in row for row in listed)
    assert {row["name"] for row in listed} >= {"Roster sync"}
    assert "token" not in client.get(f"/api/v1/tokens/{stored.pk}/").json()


def test_new_token_authenticates_and_revoked_token_stops_working(api):
    teacher = person(Role.TEACHER)
    secret = api(teacher, session=True).post("/api/v1/tokens/", {"name": "CLI"}, format="json").json()
    with_token = api(token=secret["token"])
    assert with_token.get("/api/v1/me/").json()["email"] == teacher.email

    assert with_token.delete(f"/api/v1/tokens/{secret['id']}/").status_code == 204
    refused = with_token.get("/api/v1/me/")
    assert refused.status_code == 401


def test_expired_token_is_refused(api):
    teacher = person(Role.TEACHER)
    secret = api(teacher, session=True).post("/api/v1/tokens/", {"name": "Short-lived"}, format="json").json()
    ApiToken.objects.filter(pk=secret["id"]).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api(token=secret["token"]).get("/api/v1/me/").status_code == 401


def test_people_see_and_revoke_only_their_own_tokens(api):
    teacher, colleague = person(Role.TEACHER), person(Role.TEACHER)
    theirs = api(teacher, session=True).post("/api/v1/tokens/", {"name": "Mine"}, format="json").json()
    other = api(colleague)
    assert theirs["id"] not in {row["id"] for row in other.get("/api/v1/tokens/").json()["results"]}
    everyone = other.get("/api/v1/tokens/", {"owner": "all"}).json()["results"]
    assert {row["owner"]["id"] for row in everyone} == {colleague.pk}, "owner=all is for administrators"
    assert other.delete(f"/api/v1/tokens/{theirs['id']}/").status_code == 404
    assert ApiToken.objects.get(pk=theirs["id"]).revoked_at is None


def test_district_admin_finds_and_revokes_a_leaked_token(api):
    admin, teacher = person(Role.DISTRICT_ADMIN), person(Role.TEACHER)
    leaked = api(teacher, session=True).post("/api/v1/tokens/", {"name": "Leaked"}, format="json").json()
    admin_client = api(admin)
    assert leaked["id"] not in {row["id"] for row in admin_client.get("/api/v1/tokens/").json()["results"]}
    listed = admin_client.get("/api/v1/tokens/", {"owner": teacher.pk}).json()["results"]
    assert [row["id"] for row in listed] == [leaked["id"]]
    assert leaked["id"] in {
        row["id"] for row in admin_client.get("/api/v1/tokens/", {"owner": "all"}).json()["results"]
    }
    assert admin_client.delete(f"/api/v1/tokens/{leaked['id']}/").status_code == 204
    assert api(token=leaked["token"]).get("/api/v1/me/").status_code == 401


def test_a_token_cannot_mint_another_token(api):
    teacher = person(Role.TEACHER)
    response = api(teacher).post("/api/v1/tokens/", {"name": "Forever"}, format="json")
    assert response.status_code == 403
    assert "signed-in session" in response.json()["error"]["message"]
    assert teacher.api_tokens.count() == 1


def test_new_secret_is_never_cached(api):
    response = api(person(Role.TEACHER), session=True).post("/api/v1/tokens/", {"name": "x"}, format="json")
    assert response["Cache-Control"] == "no-store"


def test_deactivated_persons_tokens_stop_working(api):
    admin, teacher = person(Role.DISTRICT_ADMIN), person(Role.TEACHER)
    secret = (
        api(teacher, session=True).post("/api/v1/tokens/", {"name": "Mine"}, format="json").json()["token"]
    )
    assert api(admin).post(f"/api/v1/people/{teacher.pk}/deactivate/").status_code == 200
    assert api(token=secret).get("/api/v1/me/").status_code == 401


def test_garbage_and_malformed_authorization_headers_are_401(api):
    assert api(token="lds_not-a-real-token").get("/api/v1/me/").status_code == 401
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Bearer two words")
    assert client.get("/api/v1/me/").status_code == 401


def test_me_returns_person_memberships_roles_and_district(api):
    principal = person(Role.SCHOOL_LEADER)
    body = api(principal).get("/api/v1/me/").json()
    assert body["email"] == principal.email
    assert body["roles"] == ["school_leader"]
    assert body["memberships"][0]["school"]["id"] == principal.memberships.get().school_id
    assert body["district"]["slug"] == "riverside"
