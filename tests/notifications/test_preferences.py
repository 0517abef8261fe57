"""Email preferences: per kind immediate, daily digest or off; the inbox gets everything."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.roles import Role
from notifications.models import DEFAULT_DELIVERY, Delivery, Kind, Preference
from notifications.services import Draft, notify_many, preference_set
from tests.factories import person
from tests.support import get, post

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/preferences/"


def effective(response) -> dict:
    assert response.status_code == 200, response.content
    return {row["kind"]: row["delivery"] for row in response.json()}


def test_every_kind_is_listed_with_its_default_until_you_choose(api):
    response = api(person(Role.TEACHER)).get(URL)

    assert effective(response) == {kind.value: DEFAULT_DELIVERY[kind].value for kind in Kind}
    assert [row["kind"] for row in response.json()] == Kind.values
    row = next(r for r in response.json() if r["kind"] == Kind.CHECK_IN_OPENED)
    assert row == {
        "kind": "check_in_opened",
        "label": "A check-in is open",
        "delivery": "daily",
        "default": "daily",
    }


def test_put_replaces_your_choices_and_new_notifications_follow_them(api):
    teacher = person(Role.TEACHER)
    client = api(teacher)

    response = client.put(URL, {"feedback_received": "off", "check_in_opened": "immediate"}, format="json")

    chosen = effective(response)
    assert chosen["feedback_received"] == "off" and chosen["check_in_opened"] == "immediate"
    assert chosen["cycle_started"] == DEFAULT_DELIVERY[Kind.CYCLE_STARTED]
    assert effective(client.get(URL)) == chosen
    written = notify_many(
        [
            Draft(recipient_id=teacher.pk, kind=Kind.FEEDBACK_RECEIVED, title="Feedback"),
            Draft(recipient_id=teacher.pk, kind=Kind.CHECK_IN_OPENED, title="Check-in"),
        ]
    )
    assert [n.email for n in written] == [Delivery.OFF, Delivery.IMMEDIATE]

    # Kinds left out of a PUT go back to their default.
    again = effective(client.put(URL, {"check_in_opened": "off"}, format="json"))
    assert again["feedback_received"] == DEFAULT_DELIVERY[Kind.FEEDBACK_RECEIVED]
    assert again["check_in_opened"] == "off"
    assert Preference.objects.filter(person=teacher).count() == 1


def test_changing_preferences_is_audited(api):
    teacher = person(Role.TEACHER)
    api(teacher).put(URL, {"weekly_digest": "off"}, format="json")
    event = AuditEvent.objects.get(action="notification_preferences.updated", target_id=str(teacher.pk))
    assert event.actor == teacher and event.data == {"choices": {"weekly_digest": "off"}}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"no_such_kind": "off"}, "no_such_kind"),
        ({"feedback_received": "weekly"}, "feedback_received"),
        ({"feedback_received": None}, "feedback_received"),
        ({"feedback_received": ["off"]}, "feedback_received"),
    ],
)
def test_unknown_kinds_and_deliveries_are_refused_naming_the_field(api, body, field):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    client.put(URL, {"cycle_closed": "off"}, format="json")

    response = client.put(URL, body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == [field] and error["message"].startswith(f"{field}: ")
    assert effective(client.get(URL))["cycle_closed"] == "off", "a refused PUT changes nothing"


def test_a_body_that_is_not_an_object_is_a_400(api):
    response = api(person(Role.TEACHER)).put(URL, ["off"], format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()["error"]["fields"]


def test_the_service_refuses_bad_choices_by_name_too():
    teacher = person(Role.TEACHER)
    with pytest.raises(ValidationError) as refused:
        preference_set(actor=teacher, choices={"feedback_received": "sometimes", "nope": "off"})
    assert set(refused.value.message_dict) == {"feedback_received", "nope"}


def test_preferences_are_your_own_and_need_signing_in(api):
    first, second = person(Role.TEACHER), person(Role.DISTRICT_ADMIN)
    api(first).put(URL, {"feedback_received": "off"}, format="json")
    assert effective(api(second).get(URL))["feedback_received"] == "immediate"
    assert api().get(URL).status_code == 401


def test_preferences_are_separate_between_districts(api, lakeview, in_district):
    teacher = person(Role.TEACHER)
    api(teacher).put(URL, {"feedback_received": "off"}, format="json")
    with in_district(lakeview):
        there = person(Role.TEACHER)
    assert effective(api(there, district=lakeview).get(URL))["feedback_received"] == "immediate"


# --- Page ----------------------------------------------------------------------------


@pytest.fixture
def me(client):
    user = person(Role.TEACHER)
    client.force_login(user)
    client.user = user
    return client


def test_preferences_page_says_the_inbox_always_gets_everything(me):
    response = get(me, "/inbox/preferences/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Every notification always lands in your inbox" in html
    assert '<label for="id_feedback_received">You received feedback' in html
    assert '<option value="daily" selected>Daily digest email</option>' in html  # check_in_opened's default


def test_preferences_page_saves_every_kind(me):
    form = {kind: "off" for kind in Kind.values} | {"weekly_digest": "daily"}
    response = post(me, "/inbox/preferences/", form)
    assert response.status_code == 302 and response["Location"] == "/inbox/preferences/"
    saved = dict(Preference.objects.filter(person=me.user).values_list("kind", "delivery"))
    assert saved == form
    assert "Saved your email preferences." in get(me, "/inbox/preferences/").content.decode()


def test_preferences_page_shows_a_bad_choice_next_to_its_field(me):
    form = {kind: "off" for kind in Kind.values} | {"feedback_received": "weekly"}
    response = post(me, "/inbox/preferences/", form)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_feedback_received_error"' in html and "Select a valid choice." in html
    assert not Preference.objects.filter(person=me.user).exists()


# The tenant middleware's three, session, user, the user's roles (navigation), the
# person's preferences, and the navigation's unread count.
PAGE_QUERIES = 8


def test_preferences_page_takes_a_fixed_number_of_queries(me):
    preference_set(actor=me.user, choices={kind: "off" for kind in Kind.values})
    get(me, "/inbox/preferences/")
    with CaptureQueriesContext(connection) as captured:
        assert get(me, "/inbox/preferences/").status_code == 200
    assert len(captured) == PAGE_QUERIES, "\n".join(q["sql"] for q in captured)


# Every request: the search path twice, the domain with its district, the token with its
# owner; then the person's preferences, whatever how many they set.
API_QUERIES = 5


@pytest.mark.parametrize("chosen", [0, len(Kind.values)])
def test_preferences_api_query_count_is_fixed(api, chosen):
    teacher = person(Role.TEACHER)
    preference_set(actor=teacher, choices={kind: "off" for kind in Kind.values[:chosen]})
    client = api(teacher)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    assert len(captured) == API_QUERIES, "\n".join(q["sql"] for q in captured)
