"""The district's policy: everyone reads it, district administrators change it, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.roles import Role
from schools.models import DistrictPolicy
from schools.policy.services import policy_update
from tests.factories import person
from tests.support import get, post

pytestmark = pytest.mark.django_db
URL = "/api/v1/district-policy/"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None])
def test_everyone_signed_in_reads_the_policy(api, role):
    response = api(person(role)).get(URL)
    assert response.status_code == 200
    assert response.json() | {"updated_at": None} == {
        "goals_require_approval": False,
        "check_in_escalation_days": 5,
        "credential_max_attempts": 3,
        "blind_review": False,
        "second_review_percent": 10,
        "review_target_days": 7,
        "case_anonymous_reads": False,
        "updated_at": None,
    }


def test_reading_the_policy_needs_signing_in(api):
    assert api().get(URL).status_code == 401
    assert api().patch(URL, {"check_in_escalation_days": 9}, format="json").status_code == 401


def test_a_district_admin_changes_the_policy_and_it_is_audited(api):
    admin = person(Role.DISTRICT_ADMIN)
    response = api(admin).patch(
        URL, {"goals_require_approval": True, "check_in_escalation_days": 10}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (
        response.json()["goals_require_approval"] is True
        and response.json()["check_in_escalation_days"] == 10
    )
    policy = DistrictPolicy.current()
    assert (policy.goals_require_approval, policy.check_in_escalation_days) == (True, 10)
    event = AuditEvent.objects.get(action="policy.updated")
    assert event.actor == admin
    assert event.data == {"goals_require_approval": [False, True], "check_in_escalation_days": [5, 10]}
    assert api(person(Role.TEACHER)).get(URL).json()["check_in_escalation_days"] == 10


def test_an_unchanged_value_writes_no_audit_row(api):
    admin = person(Role.DISTRICT_ADMIN)
    assert api(admin).patch(URL, {"check_in_escalation_days": 5}, format="json").status_code == 200
    assert not AuditEvent.objects.filter(action="policy.updated").exists()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None])
def test_only_district_admins_change_the_policy(api, role):
    response = api(person(role)).patch(URL, {"check_in_escalation_days": 30}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    bad = api(person(role)).patch(URL, {"check_in_escalation_days": "lots"}, format="json")
    assert bad.status_code == 403, "refused before the input is read"
    assert DistrictPolicy.current().check_in_escalation_days == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"check_in_escalation_days": 0}, "check_in_escalation_days"),
        ({"check_in_escalation_days": 61}, "check_in_escalation_days"),
        ({"check_in_escalation_days": -3}, "check_in_escalation_days"),
        ({"check_in_escalation_days": "soon"}, "check_in_escalation_days"),
        ({"check_in_escalation_days": 2.5}, "check_in_escalation_days"),
        ({"check_in_escalation_days": None}, "check_in_escalation_days"),
        ({"check_in_escalation_days": 10**30}, "check_in_escalation_days"),
        ({"goals_require_approval": "perhaps"}, "goals_require_approval"),
        ({"goals_require_approval": None}, "goals_require_approval"),
        ({"updated_at": "2026-01-01T00:00:00Z"}, "updated_at"),
        ({"escalation": 3}, "escalation"),
    ],
)
def test_bad_values_are_a_400_naming_the_field(api, body, field):
    response = api(person(Role.DISTRICT_ADMIN)).patch(URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert DistrictPolicy.current().check_in_escalation_days == 5


def test_the_limits_are_accepted(api):
    client = api(person(Role.DISTRICT_ADMIN))
    assert (
        client.patch(URL, {"check_in_escalation_days": 1}, format="json").json()["check_in_escalation_days"]
        == 1
    )
    assert (
        client.patch(URL, {"check_in_escalation_days": 60}, format="json").json()["check_in_escalation_days"]
        == 60
    )


def test_the_service_checks_permission_and_values_itself():
    with pytest.raises(PermissionDenied):
        policy_update(actor=person(Role.CENTRAL_OFFICE), check_in_escalation_days=7)
    admin = person(Role.DISTRICT_ADMIN)
    with pytest.raises(ValidationError) as refused:
        policy_update(actor=admin, check_in_escalation_days=True, goals_require_approval="yes", colour="red")
    assert set(refused.value.message_dict) == {"check_in_escalation_days", "goals_require_approval", "colour"}
    assert policy_update(actor=None, check_in_escalation_days=14).check_in_escalation_days == 14


def test_each_district_has_its_own_policy(api, lakeview, in_district):
    api(person(Role.DISTRICT_ADMIN)).patch(URL, {"goals_require_approval": True}, format="json")
    with in_district(lakeview):
        there = person(Role.DISTRICT_ADMIN)
        assert DistrictPolicy.current().goals_require_approval is False
    assert api(there, district=lakeview).get(URL).json()["goals_require_approval"] is False


# --- Page ----------------------------------------------------------------------------


# What the page posts when nothing is changed: every field, as a browser sends it.
PAGE_FORM = {
    "check_in_escalation_days": "5",
    "credential_max_attempts": "3",
    "second_review_percent": "10",
    "review_target_days": "7",
}


@pytest.fixture
def as_admin(client):
    admin = person(Role.DISTRICT_ADMIN)
    client.force_login(admin)
    client.user = admin
    return client


def test_district_settings_page_changes_the_policy(as_admin):
    page = get(as_admin, "/settings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="check_in_escalation_days" value="5"' in html
    assert "Goals need a supervisor&#x27;s approval before they become active" in html

    response = post(
        as_admin, "/settings/", PAGE_FORM | {"goals_require_approval": "on", "check_in_escalation_days": "12"}
    )

    assert response.status_code == 302 and response["Location"] == "/settings/"
    policy = DistrictPolicy.current()
    assert (policy.goals_require_approval, policy.check_in_escalation_days) == (True, 12)
    assert "Saved the district&#x27;s settings." in get(as_admin, "/settings/").content.decode()


def test_district_settings_page_shows_a_bad_value_next_to_its_field(as_admin):
    response = post(as_admin, "/settings/", PAGE_FORM | {"check_in_escalation_days": "90"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_check_in_escalation_days_error"' in html and "less than or equal to 60" in html
    assert DistrictPolicy.current().check_in_escalation_days == 5


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_district_settings_page_is_for_district_admins_only(client, role):
    client.force_login(person(role))
    assert get(client, "/settings/").status_code == 403
    assert post(client, "/settings/", {"check_in_escalation_days": "9"}).status_code == 403
    nav = [label for label, _, _ in get(client, "/").context["nav_links"]]
    assert "District settings" not in nav
    assert DistrictPolicy.current().check_in_escalation_days == 5


def test_district_settings_link_follows_people_in_the_admins_navigation(as_admin):
    nav = [label for label, _, _ in get(as_admin, "/").context["nav_links"]]
    assert nav[nav.index("People") + 1] == "District settings"


# The tenant middleware's three, session, user, the user's roles, the policy row, and the
# navigation's unread count.
PAGE_QUERIES = 8


def test_district_settings_page_takes_a_fixed_number_of_queries(as_admin):
    get(as_admin, "/settings/")  # the first read creates the row
    with CaptureQueriesContext(connection) as captured:
        assert get(as_admin, "/settings/").status_code == 200
    assert len(captured) == PAGE_QUERIES, "\n".join(q["sql"] for q in captured)


# --- Micro-credential review fields ----------------------------------------------------


REVIEW_FIELDS = {
    "credential_max_attempts": (1, 10, 3),
    "second_review_percent": (0, 100, 10),
    "review_target_days": (1, 60, 7),
}


@pytest.mark.parametrize("field", sorted(REVIEW_FIELDS))
def test_review_numbers_are_accepted_at_their_limits_and_audited(api, field):
    low, high, default = REVIEW_FIELDS[field]
    client = api(person(Role.DISTRICT_ADMIN))
    assert client.patch(URL, {field: low}, format="json").json()[field] == low
    assert client.patch(URL, {field: high}, format="json").json()[field] == high
    assert getattr(DistrictPolicy.current(), field) == high
    assert [e.data for e in AuditEvent.objects.filter(action="policy.updated").order_by("id")] == [
        {field: [default, low]},
        {field: [low, high]},
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credential_max_attempts", 0),
        ("credential_max_attempts", 11),
        ("credential_max_attempts", "three"),
        ("credential_max_attempts", None),
        ("credential_max_attempts", 2.5),
        ("second_review_percent", -1),
        ("second_review_percent", 101),
        ("second_review_percent", True),
        ("review_target_days", 0),
        ("review_target_days", 61),
        ("review_target_days", 10**30),
        ("blind_review", "perhaps"),
        ("blind_review", None),
    ],
)
def test_bad_review_values_are_a_400_naming_the_field(api, field, value):
    response = api(person(Role.DISTRICT_ADMIN)).patch(URL, {field: value}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == [field]
    policy = DistrictPolicy.current()
    assert (policy.credential_max_attempts, policy.blind_review) == (3, False)
    assert (policy.second_review_percent, policy.review_target_days) == (10, 7)


def test_blind_review_is_switched_on_by_an_admin_only(api):
    assert (
        api(person(Role.CENTRAL_OFFICE)).patch(URL, {"blind_review": True}, format="json").status_code == 403
    )
    response = api(person(Role.DISTRICT_ADMIN)).patch(URL, {"blind_review": True}, format="json")
    assert response.status_code == 200 and response.json()["blind_review"] is True
    assert DistrictPolicy.current().blind_review is True


def test_the_service_names_each_bad_review_field():
    admin = person(Role.DISTRICT_ADMIN)
    with pytest.raises(ValidationError) as refused:
        policy_update(
            actor=admin,
            credential_max_attempts=True,
            blind_review=1,
            second_review_percent=200,
            review_target_days="7",
        )
    assert set(refused.value.message_dict) == {
        "credential_max_attempts",
        "blind_review",
        "second_review_percent",
        "review_target_days",
    }
    assert "from 1 to 10" in refused.value.message_dict["credential_max_attempts"][0]


def test_district_settings_page_changes_the_review_rules(as_admin):
    html = get(as_admin, "/settings/").content.decode()
    assert 'name="review_target_days" value="7"' in html and 'name="second_review_percent" value="10"' in html
    form = PAGE_FORM | {"blind_review": "on", "credential_max_attempts": "5", "review_target_days": "14"}
    assert post(as_admin, "/settings/", form).status_code == 302
    policy = DistrictPolicy.current()
    assert (policy.blind_review, policy.credential_max_attempts, policy.review_target_days) == (True, 5, 14)
    assert policy.second_review_percent == 10


def test_district_settings_page_shows_a_bad_review_value_next_to_its_field(as_admin):
    response = post(as_admin, "/settings/", PAGE_FORM | {"second_review_percent": "150"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_second_review_percent_error"' in html and "less than or equal to 100" in html
    assert DistrictPolicy.current().second_review_percent == 10
