"""/api/v1/webhook-endpoints/: district administrators register endpoints (the secret shown
once), rotate the secret, send a test event, read the delivery log in cursor pages and
redeliver. Nobody else reaches them, and nothing crosses to another district."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.roles import Role
from tests.factories import person
from tests.support import assert_queries, push_sequence_past
from webhooks.models import Delivery, Endpoint, Event

pytestmark = pytest.mark.django_db
BASE = "/api/v1/webhook-endpoints/"


def test_the_secret_is_shown_once_and_rotating_it_changes_it(admin, api, receiver):
    client = api(admin)
    created = client.post(
        BASE,
        {"url": receiver.url("ok", "api-1"), "description": "SIS", "event_types": ["person.created"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created["Cache-Control"] == "no-store"
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["event_types"] == ["person.created"]
    assert body["owner_scopes"] == [], "registered by a person, not a client"

    listed = client.get(BASE).json()["results"]
    fetched = client.get(f"{BASE}{body['id']}/").json()
    assert "secret" not in listed[0] and "secret" not in fetched

    rotated = client.post(f"{BASE}{body['id']}/rotate-secret/").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != body["secret"]
    assert Endpoint.objects.get(pk=body["id"]).secret == rotated["secret"]


def test_send_test_then_read_the_log_and_redeliver(admin, api, receiver, django_capture_on_commit_callbacks):
    client = api(admin)
    created = client.post(BASE, {"url": receiver.url("ok", "api-2")}, format="json").json()
    receiver.secrets["/ok/api-2"] = created["secret"]

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{BASE}{created['id']}/send-test/")
    assert sent.status_code == 202, sent.content
    [got] = receiver.at("ok", "api-2")
    assert got.payload["type"] == "webhook.test"

    log = client.get(f"{BASE}{created['id']}/deliveries/").json()
    [row] = log["results"]
    assert (row["event_type"], row["status"], row["last_status_code"]) == ("webhook.test", "delivered", 204)
    assert row["webhook_id"] == got.headers["webhook-id"]

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"{BASE}{created['id']}/deliveries/{row['id']}/redeliver/")
    assert again.status_code == 202, again.content
    assert [r.headers["webhook-id"] for r in receiver.at("ok", "api-2")] == [row["webhook_id"]] * 2


def test_bad_input_is_a_400_naming_the_field(admin, api):
    client = api(admin)
    for body, field in [
        ({"url": "not a url"}, "url"),
        ({"url": "https://93.184.215.14/", "event_types": ["person.exploded"]}, "event_types"),
        ({"url": "https://93.184.215.14/", "secret": "mine"}, "secret"),
        ({}, "url"),
    ]:
        response = client.post(BASE, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["error"]["fields"], (body, response.json())


def test_a_disabled_endpoint_refuses_a_test_event_by_field(admin, api):
    created = api(admin).post(BASE, {"url": "https://93.184.215.14/"}, format="json").json()
    api(admin).patch(f"{BASE}{created['id']}/", {"enabled": False}, format="json")
    response = api(admin).post(f"{BASE}{created['id']}/send-test/")
    assert response.status_code == 400 and "enabled" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, None])
def test_only_district_administrators_manage_webhooks(role, admin, api):
    created = Endpoint.objects.create(url="https://93.184.215.14/", created_by=admin)
    client = api(person(role))
    assert client.get(BASE).status_code == 403
    assert client.post(BASE, {"url": "https://93.184.215.14/"}, format="json").status_code == 403
    assert client.get(f"{BASE}{created.pk}/deliveries/").status_code == 403
    assert client.post(f"{BASE}{created.pk}/send-test/").status_code == 403
    assert api().get(BASE).status_code == 401


def test_another_districts_endpoints_are_not_there(admin, api, lakeview, in_district):
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN)
        theirs = Endpoint.objects.create(url="https://93.184.215.14/theirs")
    push_sequence_past(Endpoint, theirs.pk)  # so that an id of theirs names nothing here
    ours = Endpoint.objects.create(url="https://93.184.215.14/ours")
    lakeview_client = api(lakeview_admin, district=lakeview)
    assert [e["url"] for e in lakeview_client.get(BASE).json()["results"]] == ["https://93.184.215.14/theirs"]
    assert lakeview_client.get(f"{BASE}{ours.pk}/").status_code == 404
    assert lakeview_client.get(f"{BASE}{ours.pk}/deliveries/").status_code == 404
    assert api(admin).get(f"{BASE}{theirs.pk}/").status_code == 404
    assert [e["url"] for e in api(admin).get(BASE).json()["results"]] == ["https://93.184.215.14/ours"]


def test_missing_and_malformed_ids_are_404(admin, api):
    client = api(admin)
    assert client.get(f"{BASE}999999/").status_code == 404
    assert client.get(f"{BASE}abc/deliveries/").status_code == 404
    created = Endpoint.objects.create(url="https://93.184.215.14/")
    assert client.post(f"{BASE}{created.pk}/deliveries/999999/redeliver/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_the_endpoint_list_costs_the_same_for_1_and_50(rows, admin, api):
    Endpoint.objects.bulk_create(Endpoint(url=f"https://93.184.215.14/{i}") for i in range(rows))
    client = api(admin, session=True)
    client.get(BASE)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(BASE)
    assert response.status_code == 200 and response.json()["count"] == rows
    assert_queries(captured, EXPECTED_LIST, "the endpoint list must not query per endpoint")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_delivery_log_costs_the_same_for_1_and_50(rows, admin, api):
    target = Endpoint.objects.create(url="https://93.184.215.14/")
    events = Event.objects.bulk_create(Event(type="person.created", data={}) for _ in range(rows))
    Delivery.objects.bulk_create(
        Delivery(event=e, endpoint=target, next_attempt_at=timezone.now()) for e in events
    )
    client = api(admin, session=True)
    path = f"{BASE}{target.pk}/deliveries/"
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200 and len(response.json()["results"]) == rows
    assert_queries(captured, EXPECTED_LOG, "the delivery log grows without bound; a page must cost the same")


# The host's district (public search path, domain, district search path), the session,
# the user, their roles; then the rows: COUNT and page for the list, the endpoint and the
# cursor page (deliveries with their events) for the log.
EXPECTED_LIST = 8
EXPECTED_LOG = 8
