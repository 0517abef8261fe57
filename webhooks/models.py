"""Webhook endpoints, the outbox of events, and each event's delivery to each endpoint.

An `Event` is written in the transaction of the change it reports (an outbox), with one
`Delivery` per subscribed, enabled endpoint; Celery delivers after commit. A delivery is
claimed with a lease before its request is sent, so a worker killed mid-request leaves a
delivery whose lease runs out, and the sweeper sends it again with the same `webhook-id`.
Every request sent is a `DeliveryAttempt` row: the delivery log.
"""

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_event_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Endpoint(models.Model):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # Empty: every event type, including types added later.
    event_types = models.JSONField(default=list, blank=True)
    # Kept as is: signing needs the secret itself (it cannot be a fingerprint, unlike an API
    # token). It is shown in full once, when it is made.
    secret = models.CharField(max_length=100, default=new_secret)
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # The scopes of the integration client that registered it; empty when a person did.
    owner_scopes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the run of failures now going on began; cleared by any success.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.url


class Event(models.Model):
    # Sent as `webhook-id`: the same on every attempt, so receivers can de-duplicate.
    id = models.CharField(primary_key=True, max_length=40, default=new_event_id, editable=False)
    type = models.CharField(max_length=60)
    # What every subscriber gets: ids, links (paths, made absolute when sent), what changed.
    data = models.JSONField(default=dict)
    # Private text (notes, reflections, feedback), added to the payload only for endpoints
    # whose owner holds the scope the event type names (webhooks/catalogue.py).
    private_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.type} {self.id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Gave up"


class Delivery(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # While SENDING: when the claim runs out and the sweeper may send it again.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_response = models.CharField(max_length=1000, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once_per_endpoint")
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at", "-id"], name="webhook_delivery_log"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event_id} → {self.endpoint_id}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    attempted_at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField()
    response_excerpt = models.CharField(max_length=1000, blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"attempt {self.number} of {self.delivery_id}"
