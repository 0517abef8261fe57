"""Server-side behaviour of the HTMX fragments (the browser suite drives them for real)."""

import datetime

import pytest

from core.roles import Role
from core.time import district_today
from schools.models import Supervision
from tests.factories import SupervisionFactory, person

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "riverside.localhost"}
HTMX = {**HOST, "HTTP_HX_REQUEST": "true"}


@pytest.fixture
def admin_client(client):
    admin = person(Role.DISTRICT_ADMIN)
    client.force_login(admin)
    client.admin = admin
    return client


def test_ending_the_last_admin_role_shows_the_reason_in_place(admin_client):
    membership = admin_client.admin.memberships.get()
    response = admin_client.post(f"/memberships/{membership.pk}/end/", **HTMX)
    assert response.status_code == 200
    assert "last administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active


def test_a_supervision_can_only_be_ended_through_one_of_its_two_people(admin_client):
    teacher = person(Role.TEACHER)
    unrelated = SupervisionFactory()
    response = admin_client.post(f"/people/{teacher.pk}/supervisions/{unrelated.pk}/end/", **HTMX)
    assert response.status_code == 404
    unrelated.refresh_from_db()
    assert unrelated.ended_on is None


def test_expired_session_makes_htmx_navigate_to_sign_in(client):
    response = client.post("/memberships/1/end/", **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_history_restore_gets_the_whole_page_and_search_gets_rows(admin_client):
    rows = admin_client.get("/schools/", {"q": "x"}, **HTMX)
    assert "<html" not in rows.content.decode() and "HX-Request" in rows["Vary"]
    full = admin_client.get("/schools/", {"q": "x"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in full.content.decode()


def test_a_supervision_that_starts_later_grants_nothing_yet_and_ends_on_its_start():
    boss, report = person(Role.SCHOOL_LEADER), person(Role.TEACHER)
    later = district_today() + datetime.timedelta(days=10)
    link = SupervisionFactory(supervisor=boss, supervisee=report, started_on=later)
    assert not Supervision.objects.current().filter(pk=link.pk).exists()
    from schools.services import supervision_end

    supervision_end(actor=None, supervision=link)
    assert link.ended_on == later


def test_an_admin_role_cannot_be_postponed_if_it_is_the_last(api):
    admin = person(Role.DISTRICT_ADMIN)
    membership = admin.memberships.get()
    response = api(admin).patch(
        f"/api/v1/memberships/{membership.pk}/", {"start_date": "2031-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]
