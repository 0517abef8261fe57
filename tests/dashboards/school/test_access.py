"""Who opens which school's dashboard, on the page and in the API.

School leaders open the schools they currently lead; the central office and district
administrators any school; other roles are refused (403); a school out of reach answers
404 exactly like a missing one, so ids are not confirmed. Districts never see each other.
"""

import datetime

import pytest
from django_tenants.utils import tenant_context

from core.roles import Role
from schools.models import Membership, School
from tests.dashboards.school.test_dashboard import school_goal
from tests.factories import SchoolFactory, person, token_for
from tests.support import get, push_sequence_past

pytestmark = pytest.mark.django_db


def api_path(school) -> str:
    pk = school if isinstance(school, int | str) else school.pk
    return f"/api/v1/dashboards/schools/{pk}/"


def page_path(school) -> str:
    return f"/dashboards/schools/{school.pk}/"


@pytest.fixture
def schools():
    return SchoolFactory(name="School A"), SchoolFactory(name="School B")


def test_a_principal_opens_their_own_school_and_not_another(api, client, schools):
    a, b = schools
    principal = person(Role.SCHOOL_LEADER, a)
    assert api(principal).get(api_path(a)).status_code == 200
    other = api(principal).get(api_path(b))
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    client.force_login(principal)
    assert get(client, page_path(a)).status_code == 200
    assert get(client, page_path(b)).status_code == 404


def test_a_principal_whose_leadership_ended_no_longer_opens_that_school(api, schools):
    a, b = schools
    principal = person(Role.SCHOOL_LEADER, a)
    Membership.objects.filter(user=principal).update(end_date=datetime.date(2024, 9, 1))
    Membership.objects.create(
        user=principal, school=a, role=Role.TEACHER, start_date=datetime.date(2024, 9, 2)
    )
    assert api(principal).get(api_path(a)).status_code == 403, "a teacher there now, leading nowhere"
    Membership.objects.create(
        user=principal, school=b, role=Role.SCHOOL_LEADER, start_date=datetime.date(2024, 9, 2)
    )
    assert api(principal).get(api_path(b)).status_code == 200
    assert api(principal).get(api_path(a)).status_code == 404, "a teacher at A, its leader no longer"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH])
def test_teachers_and_coaches_are_refused_even_at_their_own_school(role, api, client, schools):
    a, _ = schools
    member = person(role, a)
    response = api(member).get(api_path(a))
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    client.force_login(member)
    assert get(client, page_path(a)).status_code == 403


def test_someone_without_a_role_is_refused_and_anonymous_requests_must_sign_in(api, client, schools):
    a, _ = schools
    assert api(person()).get(api_path(a)).status_code == 403
    assert api().get(api_path(a)).status_code == 401
    assert get(client, page_path(a)).status_code == 302


@pytest.mark.parametrize("role", [Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN])
def test_the_central_office_and_admins_open_any_school(role, api, client, schools):
    viewer = person(role)
    client.force_login(viewer)
    for school in schools:
        answer = api(viewer).get(api_path(school))
        assert answer.status_code == 200 and answer.json()["school"]["name"] == school.name
        page = get(client, page_path(school))
        assert page.status_code == 200 and f"<h1>{school.name}</h1>" in page.content.decode()


def test_a_missing_a_malformed_and_a_closed_school_all_answer_404(api, schools):
    central = person(Role.CENTRAL_OFFICE)
    closed = SchoolFactory(is_active=False)
    missing = School.objects.order_by("-pk").first().pk + 1000
    for path in (api_path(missing), api_path("abc"), api_path(closed), api_path(2**70)):
        response = api(central).get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_csv_downloads_follow_the_same_rules(client, schools):
    a, b = schools
    client.force_login(person(Role.SCHOOL_LEADER, a))
    for table in ("goals", "progress", "trend", "growth", "summary"):
        assert get(client, f"/dashboards/schools/{a.pk}/{table}.csv").status_code == 200
        assert get(client, f"/dashboards/schools/{b.pk}/{table}.csv").status_code == 404
    client.force_login(person(Role.TEACHER, a))
    assert get(client, f"/dashboards/schools/{a.pk}/goals.csv").status_code == 403


def test_my_school_takes_a_principal_to_their_school_dashboard(client, schools):
    a, _ = schools
    client.force_login(person(Role.SCHOOL_LEADER, a))
    response = get(client, "/dashboards/my-school/")
    assert response.status_code == 302 and response["Location"] == f"/dashboards/schools/{a.pk}/"
    client.force_login(person(Role.TEACHER, a))
    assert get(client, "/dashboards/my-school/").status_code == 404


def test_a_principal_of_two_schools_can_switch_between_them(client, schools):
    a, b = schools
    principal = person(Role.SCHOOL_LEADER, a)
    Membership.objects.create(
        user=principal, school=b, role=Role.SCHOOL_LEADER, start_date=datetime.date(2024, 8, 1)
    )
    client.force_login(principal)
    page = get(client, page_path(b)).content.decode()
    assert f'href="/dashboards/schools/{a.pk}/"' in page and 'aria-current="page">School B' in page


def test_another_districts_school_is_invisible(api, lakeview, schools):
    with tenant_context(lakeview):
        theirs = SchoolFactory(name="Lakeview Secret School")
        school_goal(theirs, person(Role.SCHOOL_LEADER, theirs), statement="Lakeview's own goal")
        lakeview_central = person(Role.CENTRAL_OFFICE)
    push_sequence_past(School, theirs.pk)  # riverside's schools made from here on have other ids
    riverside_central = person(Role.CENTRAL_OFFICE)
    SchoolFactory()

    ours = api(riverside_central).get(api_path(theirs.pk))
    assert ours.status_code == 404 and "Lakeview" not in ours.content.decode()
    mine = api(lakeview_central, district=lakeview).get(api_path(theirs.pk))
    assert mine.status_code == 200 and mine.json()["goals"]["items"][0]["statement"] == "Lakeview's own goal"
    riverside_token = token_for(riverside_central)
    assert api(district=lakeview, token=riverside_token).get(api_path(theirs.pk)).status_code == 401
