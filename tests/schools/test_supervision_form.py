"""Adding a supervision link says who supervises whom in words, finds the colleague by
name, refuses a teacher supervising their own school's leader without a confirmation,
and says what it saved (issue 12, item 7)."""

import pytest

from core.models import AuditEvent
from core.roles import Role
from schools.models import Supervision
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "riverside.localhost"}
HTMX = {**HOST, "HTTP_HX_REQUEST": "true"}


@pytest.fixture
def admin_client(client):
    admin = person(Role.DISTRICT_ADMIN)
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.fixture
def school_pair():
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school, first_name="Paula", last_name="Prince")
    teacher = person(Role.TEACHER, school=school, first_name="Tess", last_name="Newcomb")
    return principal, teacher


def test_the_form_asks_who_supervises_whom_in_words_with_no_default(admin_client, school_pair):
    _, teacher = school_pair
    page = admin_client.get(f"/people/{teacher.pk}/", **HOST).content.decode()
    assert "Who supervises whom?" in page
    assert "Tess Newcomb supervises …" in page
    assert "… supervises Tess Newcomb" in page
    assert (
        'name="direction"' in page
        and "checked" not in page.split("Who supervises whom?")[1].split("</fieldset>")[0]
    )


def test_a_link_needs_a_direction(admin_client, school_pair):
    principal, teacher = school_pair
    response = admin_client.post(
        f"/people/{teacher.pk}/supervisions/", {"other": principal.pk}, **HTMX
    ).content.decode()
    assert "Choose who supervises whom." in response
    assert not Supervision.objects.exists()


def test_the_colleague_is_found_by_name_among_active_people(admin_client, school_pair):
    principal, teacher = school_pair
    person(Role.TEACHER, first_name="Paulo", last_name="Gone", is_active=False)
    response = admin_client.get(
        f"/people/{teacher.pk}/supervision-candidates/", {"q": "pau"}, **HTMX
    ).content.decode()
    assert f'value="{principal.pk}"' in response
    assert (
        "Paula Prince" in response
        and f"School leader at {principal.memberships.get().school.name}" in response
    )
    assert "Gone" not in response
    nobody = admin_client.get(
        f"/people/{teacher.pk}/supervision-candidates/", {"q": "tess"}, **HTMX
    ).content.decode()
    assert "Nobody you can see is called “tess”." in nobody  # not the person themselves


def test_an_email_typed_instead_of_choosing_is_refused_on_the_colleague(admin_client, school_pair):
    principal, teacher = school_pair
    response = admin_client.post(
        f"/people/{teacher.pk}/supervisions/",
        {"direction": "supervised_by", "other": principal.email},
        **HTMX,
    ).content.decode()
    assert "Choose the colleague from the search results." in response
    assert not Supervision.objects.exists()


def test_a_teacher_supervising_her_own_principal_needs_a_confirmation(admin_client, school_pair):
    principal, teacher = school_pair
    url = f"/people/{teacher.pk}/supervisions/"
    refused = admin_client.post(
        url, {"direction": "supervises", "other": principal.pk}, **HTMX
    ).content.decode()
    assert "a teacher does not usually supervise their own school&#x27;s leader" in refused
    assert 'name="confirm"' in refused and "Yes: Tess Newcomb supervises Paula Prince" in refused
    assert f'value="{principal.pk}" id="candidate-{principal.pk}" checked' in refused  # kept chosen
    assert not Supervision.objects.exists()

    confirmed = admin_client.post(
        url, {"direction": "supervises", "other": principal.pk, "confirm": "on"}, **HTMX
    ).content.decode()
    assert "Saved: Tess Newcomb supervises Paula Prince." in confirmed
    link = Supervision.objects.get()
    assert (link.supervisor, link.supervisee) == (teacher, principal)
    event = AuditEvent.objects.get(action="supervision.created")
    assert event.data["confirmed_unusual"] is True


def test_the_usual_direction_saves_at_once_and_says_so(admin_client, school_pair):
    principal, teacher = school_pair
    response = admin_client.post(
        f"/people/{teacher.pk}/supervisions/", {"direction": "supervised_by", "other": principal.pk}, **HTMX
    ).content.decode()
    assert "Saved: Paula Prince supervises Tess Newcomb." in response
    assert Supervision.objects.filter(supervisor=principal, supervisee=teacher).exists()


def test_the_api_refuses_the_upside_down_link_on_confirm_and_takes_it_confirmed(api, school_pair):
    principal, teacher = school_pair
    client = api(person(Role.DISTRICT_ADMIN))
    body = {"supervisor": teacher.pk, "supervisee": principal.pk}
    refused = client.post("/api/v1/supervisions/", body, format="json")
    assert refused.status_code == 400
    assert "confirm" in refused.json()["error"]["fields"]
    assert not Supervision.objects.exists()
    created = client.post("/api/v1/supervisions/", {**body, "confirm": True}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["supervisor"]["id"] == teacher.pk


def test_a_teacher_who_also_leads_the_school_needs_no_confirmation(school_pair):
    from core.time import district_today
    from schools.models import Membership
    from schools.services import supervision_create

    principal, teacher = school_pair
    Membership.objects.create(
        user=teacher, role=Role.SCHOOL_LEADER, school=principal.memberships.get().school,
        start_date=district_today(),
    )  # fmt: skip
    supervision_create(actor=None, supervisor=teacher, supervisee=principal)
    assert Supervision.objects.count() == 1
