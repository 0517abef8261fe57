"""The sweeper runs from the one beat schedule, fanned out to every ready district, and
each district's sweep sends only that district's deliveries. The periodic machinery's
settings are checked by `manage.py check`."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from webhooks.models import Delivery, DeliveryStatus, Endpoint, Event
from webhooks.tasks import sweep_deliveries

pytestmark = pytest.mark.django_db


def due_delivery(receiver, name: str) -> Delivery:
    endpoint = Endpoint.objects.create(url=receiver.url("ok", name))
    receiver.secrets[f"/ok/{name}"] = endpoint.secret
    event = Event.objects.create(type="person.created", data={"person": 1})
    return Delivery.objects.create(event=event, endpoint=endpoint, next_attempt_at=timezone.now())


def test_beat_sweeps_every_district_for_due_deliveries(
    receiver, lakeview, riverside, in_district, django_capture_on_commit_callbacks
):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-webhook-deliveries"]
    assert entry["task"] == sweep_deliveries.name
    ours = due_delivery(receiver, "sweep-riverside")
    with in_district(lakeview):
        theirs = due_delivery(receiver, "sweep-lakeview")

    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        districts = sweep_deliveries.apply().get()
    connection.set_tenant(riverside)

    assert districts >= 2
    ours.refresh_from_db()
    assert ours.status == DeliveryStatus.DELIVERED
    with in_district(lakeview):
        theirs.refresh_from_db()
        assert theirs.status == DeliveryStatus.DELIVERED
    assert len(receiver.at("ok", "sweep-riverside")) == len(receiver.at("ok", "sweep-lakeview")) == 1


def test_a_disabled_hook_that_does_not_import_is_a_check_error(settings):
    from webhooks.checks import check_disabled_hook

    assert check_disabled_hook() == []
    settings.WEBHOOKS_ENDPOINT_DISABLED_HOOK = "notifications.nowhere.notify"
    assert [error.id for error in check_disabled_hook()] == ["webhooks.E001"]
