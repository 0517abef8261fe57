"""Retries: exponential back-off with jitter for more than a day, then giving up; an
endpoint that fails for a day is disabled and the district's administrators are told;
any success ends the run of failures."""

import datetime
import random

import pytest
from django.core import mail
from django.utils import timezone

from core.roles import Role
from notifications.models import Kind, Notification
from tests.factories import person
from webhooks import services
from webhooks.delivery import MAX_ATTEMPTS, RETRY_BASE_SECONDS, backoff_seconds
from webhooks.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db
DAY = 24 * 3600


class Lowest(random.Random):
    def random(self):
        return 0.0


class Highest(random.Random):
    def random(self):
        return 0.999999


def schedule(rng) -> list[float]:
    return [backoff_seconds(attempt, rng=rng) for attempt in range(1, MAX_ATTEMPTS)]


def test_the_waits_double_from_ten_seconds_to_a_cap_and_cover_more_than_a_day():
    lowest = schedule(Lowest())
    assert lowest[:4] == [RETRY_BASE_SECONDS * 2**n for n in range(4)]
    assert lowest == sorted(lowest) and max(lowest) == 8 * 3600
    assert sum(lowest) > DAY, "even with the least jitter, retries go on for more than a day"
    assert sum(schedule(Highest())) < 1.5 * DAY
    assert 12 <= MAX_ATTEMPTS <= 16


def test_jitter_spreads_deliveries_that_failed_together():
    waits = {round(backoff_seconds(5), 3) for _ in range(20)}
    assert len(waits) > 10 and all(160 <= w <= 200 for w in waits)


def fail_once_more(delivery, django_capture_on_commit_callbacks):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_sweep()
    delivery.refresh_from_db()
    return delivery


def test_after_the_last_attempt_the_delivery_is_given_up(endpoint, django_capture_on_commit_callbacks):
    endpoint("fail")
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_emit(type="person.created", data={"person": 1})
    delivery = Delivery.objects.get(event=event)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    delivery = fail_once_more(delivery, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_sweep() == 0


def test_an_endpoint_failing_for_a_day_is_disabled_and_the_admins_are_told(
    endpoint, admin, django_capture_on_commit_callbacks
):
    other_admin = person(Role.DISTRICT_ADMIN)
    teacher = person(Role.TEACHER)
    target = endpoint("fail")
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_emit(type="person.created", data={"person": 1})
    delivery = Delivery.objects.get(event=event)
    target.refresh_from_db()
    assert target.enabled and target.failing_since is not None

    type(target).objects.filter(pk=target.pk).update(
        failing_since=timezone.now() - datetime.timedelta(hours=23)
    )
    fail_once_more(delivery, django_capture_on_commit_callbacks)
    target.refresh_from_db()
    assert target.enabled, "23 hours of failures is not yet a day"

    type(target).objects.filter(pk=target.pk).update(
        failing_since=timezone.now() - datetime.timedelta(hours=25)
    )
    fail_once_more(delivery, django_capture_on_commit_callbacks)
    target.refresh_from_db()
    assert not target.enabled and "failed for a day" in target.disabled_reason
    told = Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED)
    assert set(told.values_list("recipient_id", flat=True)) == {admin.pk, other_admin.pk}
    assert teacher.pk not in told.values_list("recipient_id", flat=True)
    assert told.first().url == f"/integrations/webhooks/{target.pk}/"
    assert any(target.url in message.subject for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_sweep() == 0, "a disabled endpoint is sent nothing"


def test_a_success_ends_the_run_of_failures(endpoint, receiver, django_capture_on_commit_callbacks):
    target = endpoint("ok")
    type(target).objects.filter(pk=target.pk).update(
        failing_since=timezone.now() - datetime.timedelta(hours=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.event_emit(type="person.created", data={"person": 1})
    target.refresh_from_db()
    assert target.enabled and target.failing_since is None
