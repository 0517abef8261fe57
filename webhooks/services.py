"""Writes: emitting events into the outbox, managing endpoints, test events, redelivery,
and the sweeper that sends what is due."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from core.audit import audit
from core.permissions import require
from webhooks.catalogue import EVENT_TYPES, SUBSCRIBABLE
from webhooks.delivery import due_filter
from webhooks.models import Delivery, DeliveryStatus, Endpoint, Event, new_secret
from webhooks.urlsafety import validate_webhook_url

ACTION = "webhook.manage"
SWEEP_BATCH = 500


def _enqueue(delivery_ids) -> None:
    """One task per delivery, sent once the transaction commits, from the district it was
    written in (by commit time the connection may have moved on: a dispatcher's fan-out)."""
    district = connection.tenant  # type: ignore[attr-defined] # django-tenants sets it
    for delivery_id in delivery_ids:
        transaction.on_commit(partial(_send, district, delivery_id))


def _send(district, delivery_id: int) -> None:
    from webhooks.tasks import deliver

    with tenant_context(district):
        deliver.delay(delivery_id)


def api_path(route: str, pk) -> str:
    """The API path of one record (`api_path("goal", 5)` -> /api/v1/goals/5/), for an
    event's `links`; made absolute on the district's host when the event is sent."""
    return reverse(f"api:{route}-detail", args=[pk])


def event_emit(*, type: str, data: dict, private: dict | None = None) -> Event | None:
    """Record that something happened, in the caller's transaction (the outbox): the event
    and one delivery per enabled endpoint subscribed to its type, enqueued after commit. A
    change that rolls back leaves no event; one that commits leaves deliveries that the
    sweeper sends even if the enqueue is lost. One query when no endpoint listens, three
    when any do, however many.

    `data` carries ids, `links` (name -> API path, see `api_path`) and what changed; every
    subscriber gets it. `private` holds private text (notes, reflections, feedback), sent
    only to endpoints whose owner holds the event type's scope (catalogue.py).
    """
    events = event_emit_many(type=type, items=[(data, private)])
    return events[0] if events else None


def event_emit_many(*, type: str, items: list[tuple[dict, dict | None]]) -> list[Event]:
    """`event_emit` for many events of one type (a periodic job marking check-ins overdue),
    in the same three queries whatever their number."""
    if type not in EVENT_TYPES:
        raise ValueError(f"Unknown webhook event type {type!r}: add it to webhooks/catalogue.py.")
    if not items:
        return []
    listening = [
        endpoint_id
        for endpoint_id, event_types in Endpoint.objects.filter(enabled=True)
        .order_by()
        .values_list("id", "event_types")
        if not event_types or type in event_types
    ]
    if not listening:
        return []
    events = Event.objects.bulk_create(
        Event(type=type, data=data, private_data=private or {}) for data, private in items
    )
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(event=event, endpoint_id=endpoint_id, next_attempt_at=now)
        for event in events
        for endpoint_id in listening
    )
    _enqueue([d.pk for d in deliveries])
    return events


def _clean_event_types(event_types) -> list[str]:
    chosen = list(dict.fromkeys(event_types or []))
    unknown = [name for name in chosen if name not in SUBSCRIBABLE]
    if unknown:
        raise ValidationError({"event_types": f"Unknown event types: {', '.join(unknown)}."})
    return chosen


def _owner_scopes(auth) -> list[str]:
    """The scopes of the integration client behind a request (`request.auth`), if any: a
    `scopes` list or an OAuth `scope` string. A person's session or personal token has
    neither, so an endpoint an administrator registers has none."""
    scopes = getattr(auth, "scopes", None)
    if scopes is None:
        scope = getattr(auth, "scope", None)
        scopes = scope.split() if isinstance(scope, str) else []
    if isinstance(scopes, dict):  # django-oauth-toolkit's AccessToken.scopes
        scopes = list(scopes)
    return sorted(str(s) for s in scopes)


@transaction.atomic
def endpoint_create(*, actor: User, url: str, description: str = "", event_types=None, auth=None) -> Endpoint:
    """Register an endpoint. Its URL must be http(s) and resolve to public addresses only
    (urlsafety.py); its secret is made here and shown once by the caller."""
    require(actor, ACTION)
    validate_webhook_url(url)
    endpoint = Endpoint(
        url=url,
        description=description,
        event_types=_clean_event_types(event_types),
        owner_scopes=_owner_scopes(auth),
        created_by=actor,
    )
    endpoint.full_clean()
    endpoint.save()
    audit(actor=actor, action="webhook_endpoint.created", target=endpoint, data={"url": url})
    return endpoint


@transaction.atomic
def endpoint_update(*, actor: User, endpoint: Endpoint, **changes) -> Endpoint:
    """Change an endpoint's URL, description, event types or enabled state. Enabling it
    again clears the reason it was disabled and its run of failures; the deliveries it
    missed while disabled are then sent by the sweeper."""
    require(actor, ACTION)
    unknown = set(changes) - {"url", "description", "event_types", "enabled"}
    if unknown:
        raise ValidationError({field: "This field cannot be changed." for field in sorted(unknown)})
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = {field: getattr(endpoint, field) for field in changes}
    if "url" in changes:
        validate_webhook_url(changes["url"])
    if "event_types" in changes:
        changes["event_types"] = _clean_event_types(changes["event_types"])
    for field, value in changes.items():
        setattr(endpoint, field, value)
    if changes.get("enabled") is True and not before.get("enabled"):
        endpoint.disabled_reason, endpoint.disabled_at, endpoint.failing_since = "", None, None
    elif changes.get("enabled") is False and before.get("enabled"):
        endpoint.disabled_reason, endpoint.disabled_at = "Disabled by an administrator.", timezone.now()
    endpoint.full_clean()
    endpoint.save()
    audit(actor=actor, action="webhook_endpoint.updated", target=endpoint, data={"before": _jsonable(before)})
    return endpoint


def _jsonable(values: dict) -> dict:
    return {k: v if isinstance(v, (str, int, bool, list, type(None))) else str(v) for k, v in values.items()}


@transaction.atomic
def endpoint_delete(*, actor: User, endpoint: Endpoint) -> None:
    """Remove an endpoint and its delivery log."""
    require(actor, ACTION)
    audit(actor=actor, action="webhook_endpoint.deleted", target=endpoint, data={"url": endpoint.url})
    endpoint.delete()


@transaction.atomic
def endpoint_rotate_secret(*, actor: User, endpoint: Endpoint) -> Endpoint:
    """Give the endpoint a new secret at once; the old one stops signing. The caller shows
    the new secret once."""
    require(actor, ACTION)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    audit(actor=actor, action="webhook_endpoint.secret_rotated", target=endpoint)
    return endpoint


@transaction.atomic
def endpoint_send_test(*, actor: User, endpoint: Endpoint) -> Delivery:
    """Send a `webhook.test` event to this one (enabled) endpoint, delivered like any
    other event and shown in its log."""
    require(actor, ACTION)
    if not endpoint.enabled:
        raise ValidationError({"enabled": "Enable the endpoint before sending it a test event."})
    event = Event.objects.create(
        type="webhook.test",
        data={"endpoint": endpoint.pk, "sent_by": actor.pk, "message": "A test event from Lodestar."},
    )
    delivery = Delivery.objects.create(event=event, endpoint=endpoint, next_attempt_at=timezone.now())
    audit(actor=actor, action="webhook_endpoint.test_sent", target=endpoint, data={"event": event.pk})
    _enqueue([delivery.pk])
    return delivery


@transaction.atomic
def delivery_redeliver(*, actor: User, delivery: Delivery) -> Delivery:
    """Send a delivery again, whatever became of it, with the same `webhook-id` (receivers
    that de-duplicate see it as the same event). A delivery being sent right now is left
    to finish."""
    require(actor, ACTION)
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if not delivery.endpoint.enabled:
        raise ValidationError({"enabled": "Enable the endpoint before redelivering to it."})
    lease = delivery.lease_expires_at
    if delivery.status == DeliveryStatus.SENDING and lease is not None and lease > timezone.now():
        raise ValidationError({"status": "This delivery is being sent right now."})
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    audit(actor=actor, action="webhook_delivery.redelivered", target=delivery)
    _enqueue([delivery.pk])
    return delivery


@transaction.atomic
def delivery_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Enqueue deliveries that are due (retries whose back-off has passed, deliveries
    whose enqueue was lost) or whose lease lapsed (their worker died mid-request). One
    query; the tasks are enqueued after commit and each claims its delivery again, so a
    delivery swept twice is still sent once per claim."""
    ids = list(
        Delivery.objects.filter(due_filter(timezone.now()), endpoint__enabled=True)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    _enqueue(ids)
    return len(ids)
