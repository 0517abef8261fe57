"""Delivery to a real receiver on localhost: signed so that the standardwebhooks library
verifies it, retried when the receiver fails or hangs, never following a redirect, and
each delivery its own task so that a slow endpoint holds up no other."""

import datetime
import time

import pytest
from django.utils import timezone

from webhooks import services
from webhooks.delivery import EXCERPT_CHARS, delivery_claim
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus
from webhooks.tasks import deliver

pytestmark = pytest.mark.django_db

PERSON = {"person": 7, "links": {"person": "/api/v1/people/7/"}}


def emit(capture, execute=True, **kwargs):
    with capture(execute=execute) as callbacks:
        event = services.event_emit(type="person.created", data=PERSON, **kwargs)
    return event, callbacks


def test_an_event_reaches_the_receiver_signed_as_standard_webhooks_says(
    endpoint, receiver, django_capture_on_commit_callbacks, settings
):
    target = endpoint("ok")
    event, _ = emit(django_capture_on_commit_callbacks)

    [got] = receiver.at(*target.receiver_path)
    assert got.payload is not None, "the receiver could not verify the signature"
    assert got.headers["webhook-id"] == event.id and event.id.startswith("msg_")
    assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 30
    assert got.payload["type"] == "person.created"
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    assert got.payload["data"]["links"] == {"person": f"http://riverside.localhost{port}/api/v1/people/7/"}
    delivery = Delivery.objects.get(event=event)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        204,
    )
    [attempt] = DeliveryAttempt.objects.filter(delivery=delivery)
    assert attempt.succeeded and attempt.status_code == 204 and attempt.duration_ms >= 0


def test_a_signature_made_with_another_secret_does_not_verify(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    target = endpoint("ok")
    receiver.secrets["/ok/" + target.receiver_path[1]] = "whsec_" + "A" * 43 + "="
    event, _ = emit(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(event=event)
    assert delivery.last_status_code == 401 and delivery.status == DeliveryStatus.PENDING


def test_a_failing_receiver_is_retried_later_with_the_same_webhook_id_and_a_capped_excerpt(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    target = endpoint("fail")
    before = timezone.now()
    event, _ = emit(django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(event=event)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert (
        delivery.last_response.startswith("receiver broke") and len(delivery.last_response) == EXCERPT_CHARS
    )
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 10 <= wait <= 14, "the first retry waits 10 s plus up to a quarter of jitter"
    target.refresh_from_db()
    assert target.failing_since is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_sweep() == 0, "not due yet"
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_sweep() == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and DeliveryAttempt.objects.filter(delivery=delivery).count() == 2
    ids = {r.headers["webhook-id"] for r in receiver.at(*target.receiver_path)}
    assert ids == {event.id}


def test_a_hanging_receiver_times_out_and_is_retried(
    endpoint, receiver, django_capture_on_commit_callbacks, settings_fast
):
    endpoint("hang")
    started = time.monotonic()
    event, _ = emit(django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 2.5, "the read timeout (0.5 s here) bounds a hanging receiver"
    delivery = Delivery.objects.get(event=event)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code is None
    assert delivery.last_error == "Timed out waiting for the receiver."


def test_a_redirect_is_a_failure_and_is_not_followed(endpoint, receiver, django_capture_on_commit_callbacks):
    target = endpoint("redirect")
    event, _ = emit(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(event=event)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302
    assert "Redirects are not followed" in delivery.last_error
    assert receiver.at("ok", f"{target.receiver_path[1]}-target") == []


def test_one_task_per_delivery_so_a_hanging_endpoint_holds_up_no_other(
    endpoint, receiver, django_capture_on_commit_callbacks, settings_fast
):
    endpoint("hang")
    fine = endpoint("ok")
    event, callbacks = emit(django_capture_on_commit_callbacks, execute=False)
    assert len(callbacks) == 2, "each delivery is enqueued as its own task"

    deliver.delay(Delivery.objects.get(event=event, endpoint=fine).pk)

    assert Delivery.objects.get(event=event, endpoint=fine).status == DeliveryStatus.DELIVERED
    slow = Delivery.objects.exclude(endpoint=fine).get(event=event)
    assert (slow.status, slow.attempts) == (DeliveryStatus.PENDING, 0)


def test_redelivery_sends_a_delivered_event_again_with_the_same_webhook_id(
    endpoint, receiver, admin, django_capture_on_commit_callbacks
):
    target = endpoint("ok")
    event, _ = emit(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_redeliver(actor=admin, delivery=delivery)
    got = receiver.at(*target.receiver_path)
    assert [r.headers["webhook-id"] for r in got] == [event.id, event.id]
    assert all(r.payload is not None for r in got)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2


def test_a_claimed_delivery_is_not_sent_twice_until_its_lease_runs_out(
    endpoint, django_capture_on_commit_callbacks
):
    endpoint("ok")
    event, _ = emit(django_capture_on_commit_callbacks, execute=False)
    delivery = Delivery.objects.get(event=event)
    assert delivery_claim(delivery_id=delivery.pk) is not None
    assert delivery_claim(delivery_id=delivery.pk) is None, "a live worker holds it"
    Delivery.objects.filter(pk=delivery.pk).update(
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    again = delivery_claim(delivery_id=delivery.pk)
    assert again is not None and again.attempts == 2


def test_a_disabled_endpoint_is_sent_nothing_until_it_is_enabled_again(
    endpoint, receiver, admin, django_capture_on_commit_callbacks
):
    target = endpoint("ok")
    event, _ = emit(django_capture_on_commit_callbacks, execute=False)
    services.endpoint_update(actor=admin, endpoint=target, enabled=False)
    deliver.delay(Delivery.objects.get(event=event).pk)
    assert receiver.at(*target.receiver_path) == []
    assert services.event_emit(type="person.created", data=PERSON) is None, "no enabled endpoint listens"

    services.endpoint_update(actor=admin, endpoint=target, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_sweep() == 1
    assert len(receiver.at(*target.receiver_path)) == 1
