"""Reading the inbox and the email preferences. Nobody reads anyone else's inbox."""

from django.db.models import QuerySet

from accounts.models import User
from core.api import get_or_404
from notifications.models import DEFAULT_DELIVERY, Delivery, Kind, Notification, Preference

# Cursor pages and the inbox page walk this order; (created_at, id) is unique and indexed
# through the recipient's rows.
INBOX_ORDER = ("-created_at", "-id")


def notification_list_for_actor(*, actor: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's own notifications, newest first; only the unread ones with `unread_only`."""
    notifications = Notification.objects.filter(recipient_id=actor.pk).order_by(*INBOX_ORDER)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def notification_get_for_actor(*, actor: User, notification_id) -> Notification:
    """One of the actor's own notifications; anyone else's answers 404 like a missing one."""
    return get_or_404(notification_list_for_actor(actor=actor), notification_id)


def notification_unread_count(*, actor: User) -> int:
    """How many of the actor's notifications are unread: one COUNT on the (recipient,
    read_at) index, cheap enough for every page's navigation."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).count()


def preference_list_for_actor(*, actor: User) -> list[dict]:
    """Every kind, in the order of `Kind`, with the actor's effective email choice: their
    own where they made one, the default otherwise. One query."""
    chosen = dict(Preference.objects.filter(person_id=actor.pk).values_list("kind", "delivery"))
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "delivery": Delivery(chosen.get(kind.value, DEFAULT_DELIVERY[kind])).value,
            "default": DEFAULT_DELIVERY[kind].value,
        }
        for kind in Kind
    ]
