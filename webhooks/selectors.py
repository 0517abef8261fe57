"""Reads: endpoints and their delivery logs, for whoever may manage webhooks (district
administrators). Anyone else finds nothing (404), as for a missing id."""

from django.db.models import QuerySet

from accounts.models import User
from core.api import get_or_404
from core.permissions import can
from webhooks.models import Delivery, Endpoint

ACTION = "webhook.manage"


def endpoint_list_for_actor(*, actor: User) -> QuerySet[Endpoint]:
    if not can(actor, ACTION):
        return Endpoint.objects.none()
    return Endpoint.objects.order_by("-created_at", "-id")


def endpoint_get_for_actor(*, actor: User, endpoint_id) -> Endpoint:
    return get_or_404(endpoint_list_for_actor(actor=actor), endpoint_id)


def delivery_list_for_actor(*, actor: User, endpoint: Endpoint) -> QuerySet[Delivery]:
    """The endpoint's deliveries, newest first, each with its event (one query a page)."""
    if not can(actor, ACTION):
        return Delivery.objects.none()
    return Delivery.objects.filter(endpoint=endpoint).select_related("event").order_by("-created_at", "-id")


def delivery_get_for_actor(*, actor: User, endpoint: Endpoint, delivery_id) -> Delivery:
    return get_or_404(delivery_list_for_actor(actor=actor, endpoint=endpoint), delivery_id)
