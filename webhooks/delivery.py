"""Sending one delivery: claim it with a lease, sign and send it, record the attempt.

Each step is its own short transaction and the HTTP request runs outside any: a slow
receiver holds no row lock and no connection in a transaction. A worker killed between the
claim and the record leaves the delivery SENDING with a lease that runs out; the sweeper
(`services.delivery_sweep`) then sends it again, with the same `webhook-id`.
Retries are not Celery countdowns (a broker redelivers long ETAs unreliably): a failed
delivery gets `next_attempt_at` from `backoff_seconds`, and the sweeper, every minute,
enqueues what is due.
"""

import datetime
import json
import random
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from standardwebhooks import Webhook

from core.links import district_url
from webhooks.catalogue import may_read_private
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint
from webhooks.urlsafety import UnsafeUrlError, check_url

RETRY_BASE_SECONDS = 10
RETRY_CAP_SECONDS = 8 * 3600
# 15 attempts: the waits between them (10 s doubling to the 8 h cap, each lengthened by up
# to a quarter at random) add up to 27 to 34 hours, so a receiver gets more than a day.
MAX_ATTEMPTS = 15
EXCERPT_CHARS = 1000
USER_AGENT = "Lodestar-Webhooks/1.0"


def backoff_seconds(attempt: int, *, rng: random.Random | None = None) -> float:
    """The wait after failed attempt number `attempt` (1-based): exponential, capped, with
    jitter so that many deliveries failing together do not retry together."""
    base = min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_CAP_SECONDS)
    return base * (1 + (rng or random).random() / 4)


def due_filter(now: datetime.datetime) -> Q:
    """Deliveries that may be sent now: pending and due, or sending with a lapsed lease."""
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_expires_at__lte=now
    )


def delivery_claim(*, delivery_id: int) -> Delivery | None:
    """Take the delivery for one attempt, or None when it is not due, is being sent by a
    live worker, is done, or its endpoint is disabled. Two workers never claim it at once
    (a row lock, and the lease they see once it is released)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("event", "endpoint")
            .filter(due_filter(now), pk=delivery_id, endpoint__enabled=True)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.lease_expires_at = now + datetime.timedelta(seconds=settings.WEBHOOKS_LEASE_SECONDS)
        delivery.last_attempt_at = now
        delivery.save(update_fields=["status", "attempts", "lease_expires_at", "last_attempt_at"])
    return delivery


def payload_for(delivery: Delivery) -> dict:
    """The body an endpoint gets: the event's public data with its links made absolute on
    the district's host, plus its private text only when the endpoint's owner holds the
    scope the event type names (webhooks/catalogue.py)."""
    event = delivery.event
    data = dict(event.data)
    if isinstance(data.get("links"), dict):
        data["links"] = {name: district_url(path) for name, path in data["links"].items()}
    if event.private_data and may_read_private(event.type, delivery.endpoint.owner_scopes):
        data["private"] = event.private_data
    return {"type": event.type, "timestamp": event.created_at.isoformat(), "data": data}


@dataclass
class Outcome:
    status_code: int | None
    duration_ms: int
    excerpt: str = ""
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _read_capped(response: requests.Response) -> str:
    cap = settings.WEBHOOKS_RESPONSE_READ_BYTES
    body = response.raw.read(cap, decode_content=True) or b""
    return body.decode("utf-8", errors="replace")[:EXCERPT_CHARS]


def send(delivery: Delivery) -> Outcome:
    """POST the signed payload once. Never follows a redirect (a 3xx is a failure), checks
    the host's addresses right before connecting, and reads at most a few kilobytes back."""
    endpoint, event = delivery.endpoint, delivery.event
    body = json.dumps(payload_for(delivery), separators=(",", ":"), sort_keys=True).encode()
    sent_at = timezone.now()
    headers = {
        "webhook-id": event.id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(msg_id=event.id, timestamp=sent_at, data=body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        check_url(endpoint.url)
        with requests.Session() as session:
            session.trust_env = False  # no proxy from the environment: we checked this host
            with session.post(
                endpoint.url,
                data=body,
                headers=headers,
                timeout=(settings.WEBHOOKS_CONNECT_TIMEOUT, settings.WEBHOOKS_READ_TIMEOUT),
                allow_redirects=False,
                stream=True,
            ) as response:
                excerpt = _read_capped(response)
                error = ""
                if 300 <= response.status_code < 400:
                    error = "Redirects are not followed; point the endpoint at the final URL."
                return Outcome(response.status_code, took(), excerpt, error)
    except UnsafeUrlError as refused:
        return Outcome(None, took(), error=str(refused)[:300])
    except requests.Timeout:
        return Outcome(None, took(), error="Timed out waiting for the receiver.")
    except requests.RequestException as failed:
        return Outcome(None, took(), error=f"Could not connect: {type(failed).__name__}.")


@transaction.atomic
def delivery_record(*, delivery: Delivery, outcome: Outcome) -> Delivery:
    """Log the attempt and decide what follows: delivered; another try after the back-off;
    or, after MAX_ATTEMPTS, given up. An endpoint that has failed without a single success
    for settings.WEBHOOKS_DISABLE_AFTER is disabled, and the district's administrators are
    told (settings.WEBHOOKS_ENDPOINT_DISABLED_HOOK) once the transaction commits."""
    now = timezone.now()
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        attempted_at=delivery.last_attempt_at or now,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        response_excerpt=outcome.excerpt[:EXCERPT_CHARS],
        error=outcome.error,
        succeeded=outcome.succeeded,
    )
    changes: dict = {
        "last_status_code": outcome.status_code,
        "last_duration_ms": outcome.duration_ms,
        "last_response": outcome.excerpt[:EXCERPT_CHARS],
        "last_error": outcome.error,
        "lease_expires_at": None,
    }
    if outcome.succeeded:
        changes |= {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "next_attempt_at": None}
        Endpoint.objects.filter(pk=delivery.endpoint_id, failing_since__isnull=False).update(
            failing_since=None
        )
    else:
        if delivery.attempts >= MAX_ATTEMPTS:
            changes |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
        else:
            wait = datetime.timedelta(seconds=backoff_seconds(delivery.attempts))
            changes |= {"status": DeliveryStatus.PENDING, "next_attempt_at": now + wait}
        _endpoint_failed(endpoint_id=delivery.endpoint_id, now=now)
    # Only if no other worker re-claimed it after our lease ran out (its attempt counts).
    Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(**changes)
    for field, value in changes.items():
        setattr(delivery, field, value)
    return delivery


def _endpoint_failed(*, endpoint_id: int, now: datetime.datetime) -> None:
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint_id)
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        endpoint.save(update_fields=["failing_since"])
    elif endpoint.enabled and now - endpoint.failing_since >= settings.WEBHOOKS_DISABLE_AFTER:
        endpoint.enabled = False
        endpoint.disabled_at = now
        endpoint.disabled_reason = "Every delivery failed for a day; disabled automatically."
        endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason"])
        hook = import_string(settings.WEBHOOKS_ENDPOINT_DISABLED_HOOK)
        transaction.on_commit(lambda: hook(endpoint_id=endpoint.pk))


def deliver_once(*, delivery_id: int) -> Delivery | None:
    """One attempt at one delivery, if it is due: what the Celery task runs."""
    delivery = delivery_claim(delivery_id=delivery_id)
    if delivery is None:
        return None
    return delivery_record(delivery=delivery, outcome=send(delivery))
