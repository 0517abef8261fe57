"""Nothing of one district is visible from another: sign-in, sessions, tokens, ids."""

import pytest
from django.db import connection

from accounts.models import ApiToken
from core.roles import Role
from schools.models import Membership, School, Supervision
from tests.factories import SchoolFactory, SupervisionFactory, person, token_for
from tests.support import push_sequence_past

pytestmark = pytest.mark.django_db


def test_riverside_person_cannot_sign_in_on_lakeview_host(client):
    person(Role.TEACHER, email="ana@riverside.example.org")
    ok = client.post(
        "/accounts/login/",
        {"username": "ana@riverside.example.org", "password": "correct-horse-battery"},
        HTTP_HOST="riverside.localhost",
    )
    assert ok.status_code == 302

    refused = client.post(
        "/accounts/login/",
        {"username": "ana@riverside.example.org", "password": "correct-horse-battery"},
        HTTP_HOST="lakeview.localhost",
    )
    assert refused.status_code == 200
    assert "do not match an active account" in refused.content.decode()


def test_riverside_session_is_not_signed_in_on_lakeview(client, riverside):
    teacher = person(Role.TEACHER)
    client.post(
        "/accounts/login/",
        {"username": teacher.email, "password": "correct-horse-battery"},
        HTTP_HOST="riverside.localhost",
    )
    assert client.get("/", HTTP_HOST="riverside.localhost").status_code == 200
    connection.set_tenant(riverside)
    assert client.get("/", HTTP_HOST="lakeview.localhost").status_code == 302


def test_riverside_token_is_rejected_on_lakeview_host(api, lakeview):
    teacher = person(Role.TEACHER)
    secret = token_for(teacher)
    assert api(token=secret).get("/api/v1/me/").status_code == 200
    response = api(token=secret, district=lakeview).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.fixture
def riverside_only(riverside, lakeview, in_district):
    """One object of every resource in riverside, each with an id lakeview does not have."""
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN, email="admin@lakeview.example.org")
        highest = {
            model: model.objects.order_by("-id").values_list("id", flat=True).first() or 0
            for model in (School, Membership, Supervision, ApiToken, type(lakeview_admin))
        }
    for model, value in highest.items():
        push_sequence_past(model, value)
    teacher = person(Role.TEACHER, school=SchoolFactory())
    objects = {
        "schools": School.objects.get(memberships__user=teacher),
        "people": teacher,
        "memberships": teacher.memberships.get(),
        "supervisions": SupervisionFactory(supervisee=teacher),
        "tokens": ApiToken.objects.get(pk=_token_id(teacher)),
    }
    with in_district(lakeview):
        for model_object in objects.values():
            assert not type(model_object).objects.filter(pk=model_object.pk).exists()
    return lakeview_admin, objects


def _token_id(user):
    token_for(user)
    return user.api_tokens.get().pk


@pytest.mark.parametrize("resource", ["schools", "people", "memberships", "supervisions", "tokens"])
def test_riverside_id_answers_404_on_lakeview(resource, riverside_only, api, lakeview):
    lakeview_admin, objects = riverside_only
    response = api(lakeview_admin, district=lakeview).get(f"/api/v1/{resource}/{objects[resource].pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("resource", ["schools", "people", "memberships", "supervisions"])
def test_riverside_rows_never_appear_in_lakeview_lists(resource, riverside_only, api, lakeview):
    lakeview_admin, objects = riverside_only
    rows = api(lakeview_admin, district=lakeview).get(f"/api/v1/{resource}/", {"page_size": 200}).json()
    assert objects[resource].pk not in {row["id"] for row in rows["results"]}


def test_riverside_membership_cannot_be_ended_from_lakeview(riverside_only, api, lakeview):
    lakeview_admin, objects = riverside_only
    membership = objects["memberships"]
    response = api(lakeview_admin, district=lakeview).post(f"/api/v1/memberships/{membership.pk}/end/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active
