"""The outbox: an event is written in the transaction of the change it reports, so a change
that rolls back emits nothing, and its deliveries are enqueued only after commit. The
dispatcher's cost does not grow with the endpoints or the deliveries."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from core.roles import Role
from schools import services as school_services
from tests.factories import person
from tests.support import assert_queries
from webhooks import services
from webhooks.delivery import deliver_once
from webhooks.models import Delivery, Endpoint, Event

pytestmark = pytest.mark.django_db


def test_a_change_that_rolls_back_emits_nothing(
    endpoint, receiver, admin, django_capture_on_commit_callbacks
):
    target = endpoint("ok")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        school_services.person_create(actor=admin, email="gone@example.org", first_name="A", last_name="B")
        assert Event.objects.filter(type="person.created").count() == 1
        raise RuntimeError("the request failed after the person was written")
    assert not User.objects.filter(email="gone@example.org").exists()
    assert not Event.objects.exists() and not Delivery.objects.exists()
    assert receiver.at(*target.receiver_path) == []


def test_deliveries_are_enqueued_only_once_the_change_commits(
    endpoint, admin, django_capture_on_commit_callbacks
):
    endpoint("ok")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = school_services.person_create(
            actor=admin, email="new@example.org", first_name="N", last_name="P"
        )
        assert Delivery.objects.get(event__type="person.created").attempts == 0
    assert len(callbacks) == 1
    event = Event.objects.get(type="person.created")
    assert event.data == {"person": created.pk, "links": {"person": f"/api/v1/people/{created.pk}/"}}


def test_only_enabled_endpoints_subscribed_to_the_type_get_a_delivery(endpoint, admin):
    everything = endpoint("ok")
    goals_only = endpoint("ok", event_types=["goal.created"])
    people = endpoint("ok", event_types=["person.created", "person.updated"])
    disabled = endpoint("ok")
    services.endpoint_update(actor=admin, endpoint=disabled, enabled=False)

    event = services.event_emit(type="person.created", data={"person": 1})

    assert set(Delivery.objects.filter(event=event).values_list("endpoint_id", flat=True)) == {
        everything.pk,
        people.pk,
    }
    assert goals_only.pk and disabled.pk


def test_an_unknown_event_type_is_a_programming_error():
    with pytest.raises(ValueError, match="catalogue"):
        services.event_emit(type="person.teleported", data={})


def test_with_no_endpoint_an_event_costs_one_query_and_stores_nothing():
    Endpoint.objects.exists()  # the district's search path is set by the first query
    with CaptureQueriesContext(connection) as captured:
        assert services.event_emit(type="person.created", data={"person": 1}) is None
    assert_queries(captured, 1, "every workflow service pays this lookup; it must stay one query")
    assert not Event.objects.exists()


@pytest.mark.parametrize("endpoints", [1, 50])
def test_emitting_costs_three_queries_for_1_and_50_endpoints(endpoints, django_capture_on_commit_callbacks):
    Endpoint.objects.bulk_create(Endpoint(url=f"https://hooks.example.org/{i}") for i in range(endpoints))
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        CaptureQueriesContext(connection) as captured,
    ):
        services.event_emit(type="person.created", data={"person": 1})
    assert_queries(
        captured,
        3,
        "the endpoints, the event, the deliveries: a service that emits must not slow per endpoint",
    )
    assert len(callbacks) == endpoints and Delivery.objects.count() == endpoints


@pytest.mark.parametrize("events", [1, 50])
def test_emitting_many_costs_three_queries_for_1_and_50_events(events, django_capture_on_commit_callbacks):
    Endpoint.objects.bulk_create(Endpoint(url=f"https://hooks.example.org/{i}") for i in range(3))
    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as captured:
        services.event_emit_many(
            type="check_in.overdue", items=[({"check_in": i}, None) for i in range(events)]
        )
    assert_queries(captured, 3, "the hourly check-in job marks any number overdue in one go")
    assert Delivery.objects.count() == 3 * events


@pytest.mark.parametrize("due", [1, 50])
def test_the_sweeper_costs_the_same_for_1_and_50_due_deliveries(due, django_capture_on_commit_callbacks):
    endpoints = Endpoint.objects.bulk_create(
        Endpoint(url=f"https://hooks.example.org/{i}") for i in range(due)
    )
    event = Event.objects.create(type="person.created", data={})
    past = timezone.now() - datetime.timedelta(minutes=1)
    Delivery.objects.bulk_create(Delivery(event=event, endpoint=e, next_attempt_at=past) for e in endpoints)
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        CaptureQueriesContext(connection) as captured,
    ):
        assert services.delivery_sweep() == due
    assert_queries(
        captured, 3, "one SELECT of what is due (and its savepoint pair) every minute in every district"
    )
    assert len(callbacks) == due


@pytest.mark.parametrize("endpoints", [1, 50])
def test_one_delivery_costs_the_same_whatever_the_number_of_endpoints(
    endpoints, endpoint, admin, django_capture_on_commit_callbacks
):
    target = endpoint("ok")
    Endpoint.objects.bulk_create(Endpoint(url=f"https://hooks.example.org/{i}") for i in range(endpoints - 1))
    event = services.event_emit(type="person.created", data={"person": 1, "links": {"person": "/p/"}})
    delivery = Delivery.objects.get(event=event, endpoint=target)
    connection.tenant.get_primary_domain()  # the district's host, looked up once per task
    connection.tenant._lodestar_host = connection.tenant.get_primary_domain().domain
    with CaptureQueriesContext(connection) as captured:
        deliver_once(delivery_id=delivery.pk)
    # Claim: savepoint, SELECT ... FOR UPDATE, UPDATE, release. Record: savepoint, attempt
    # INSERT, endpoint UPDATE (clear failing_since, no row), delivery UPDATE, release.
    assert_queries(captured, 9, "each delivery is a few short transactions, never a scan")
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_people_changed_through_the_api_are_events(
    endpoint, receiver, admin, api, django_capture_on_commit_callbacks
):
    target = endpoint("ok", event_types=["person.deactivated", "person.updated"])
    teacher = person(Role.TEACHER)
    client = api(admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.patch(f"/api/v1/people/{teacher.pk}/", {"title": "Dr"}, format="json").status_code == 200
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/v1/people/{teacher.pk}/deactivate/").status_code == 200
    assert [r.payload["type"] for r in receiver.at(*target.receiver_path)] == [
        "person.updated",
        "person.deactivated",
    ]
    types = list(Event.objects.order_by("created_at").values_list("type", "data"))
    assert [t for t, _ in types] == ["person.updated", "person.deactivated"]
    assert types[0][1]["changed"] == ["title"]
