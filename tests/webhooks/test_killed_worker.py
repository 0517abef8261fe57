"""A worker killed mid-delivery loses nothing: a real process claims a delivery and is
killed with SIGKILL while the receiver holds its request; once the claim's lease runs
out, the sweeper sends it again with the same webhook-id, and the receiver verifies it.

The data is committed (the worker process cannot see a test's open transaction) in
riverside, and deleted afterwards.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from webhooks import services
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint, Event

WORKER = r"""
import sys
import django
django.setup()
from django_tenants.utils import tenant_context
from district.models import District
from webhooks.delivery import deliver_once

with tenant_context(District.objects.get(schema_name=sys.argv[1])):
    deliver_once(delivery_id=int(sys.argv[2]))
print("delivered, which the test should have prevented")
"""

LEASE_SECONDS = 1


def worker_env() -> dict:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TEST_REDIS_URL": settings.REDIS_URL,
        "WEBHOOKS_LEASE_SECONDS": str(LEASE_SECONDS),
        "WEBHOOKS_READ_TIMEOUT": "60",
    }


@pytest.fixture
def riverside_committed(django_db_blocker, riverside):
    with django_db_blocker.unblock(), tenant_context(riverside):
        yield riverside
    with django_db_blocker.unblock():
        connection.set_schema_to_public()


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


def test_a_worker_killed_mid_delivery_loses_nothing(riverside_committed, receiver):
    receiver_path = "/hang/killed-worker"
    endpoint = Endpoint.objects.create(url=receiver.base + receiver_path)
    receiver.secrets[receiver_path] = endpoint.secret
    try:
        event = Event.objects.create(type="person.created", data={"person": 1})
        delivery = Delivery.objects.create(event=event, endpoint=endpoint, next_attempt_at=timezone.now())
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, riverside_committed.schema_name, str(delivery.pk)],
            cwd=settings.BASE_DIR,
            env=worker_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_for(lambda: receiver.at("hang", "killed-worker") or worker.poll() is not None, 60, "the request")
        assert worker.poll() is None, worker.communicate()[1][-3000:]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENDING, 1), "claimed, never recorded"

        receiver.recovered.add(receiver_path)
        wait_for(lambda: timezone.now() > delivery.lease_expires_at, LEASE_SECONDS + 5, "the lease to lapse")
        assert services.delivery_sweep() == 1, "the sweeper finds the delivery its dead worker left"

        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
        first, second = receiver.at("hang", "killed-worker")
        assert first.headers["webhook-id"] == second.headers["webhook-id"] == event.id
        assert second.payload is not None, "the redelivery verifies with the library"
        assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 1, (
            "the killed attempt logged nothing"
        )
    finally:
        receiver.recovered.discard(receiver_path)
        Event.objects.filter(deliveries__endpoint=endpoint).delete()
        endpoint.delete()
