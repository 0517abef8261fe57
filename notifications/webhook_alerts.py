"""Telling district administrators that a webhook endpoint was disabled: the function
settings.WEBHOOKS_ENDPOINT_DISABLED_HOOK names (webhooks sits below notifications and
cannot call it directly)."""

from django.db import transaction
from django.urls import reverse

from core.roles import Role
from notifications.models import Kind
from notifications.services import Draft, notify_many
from schools.models import Membership
from webhooks.models import Endpoint


@transaction.atomic
def webhook_endpoint_disabled_notify(*, endpoint_id: int) -> int:
    """An inbox notification (and email, by their preference) for each active district
    administrator; returns how many were told."""
    endpoint = Endpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        return 0
    admins = (
        Membership.objects.current()
        .filter(role=Role.DISTRICT_ADMIN, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    drafts = [
        Draft(
            recipient_id=admin_id,
            kind=Kind.WEBHOOK_DISABLED,
            title=f"Webhook endpoint disabled: {endpoint.url}"[:200],
            body=f"{endpoint.disabled_reason} Fix the receiver, then enable the endpoint again; "
            "the events it missed are sent then.",
            url=reverse("webhooks:endpoint-detail", args=[endpoint.pk]),
        )
        for admin_id in admins
    ]
    return len(notify_many(drafts))
