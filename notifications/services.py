"""Writing notifications and sending their email, each exactly once."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import DEFAULT_DELIVERY, Delivery, Kind, Notification, Preference


@dataclass(frozen=True)
class Draft:
    """A notification to write: who gets it, what kind, and what it says."""

    recipient_id: int
    kind: Kind
    title: str
    body: str = ""
    url: str = ""


def delivery_for(*, person_ids, kinds) -> dict[tuple[int, str], str]:
    """Each person's email choice for each kind, defaults filled in; one query."""
    chosen = {
        (person_id, kind): delivery
        for person_id, kind, delivery in Preference.objects.filter(
            person_id__in=set(person_ids), kind__in=set(kinds)
        ).values_list("person_id", "kind", "delivery")
    }
    return {
        (person_id, kind): chosen.get((person_id, kind), DEFAULT_DELIVERY[kind])
        for person_id in set(person_ids)
        for kind in set(kinds)
    }


def notify_many(drafts: list[Draft]) -> list[Notification]:
    """Put notifications in their recipients' inboxes, in two queries whatever the count.

    Call it inside the transaction of the change that caused them, so a rolled-back change
    leaves no notification behind. Immediate emails go out after commit
    (`send_pending_emails`); a periodic sweep sends any a crash left behind.
    """
    if not drafts:
        return []
    delivery = delivery_for(person_ids=[d.recipient_id for d in drafts], kinds=[d.kind for d in drafts])
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=d.recipient_id,
            kind=d.kind,
            title=d.title[:200],
            body=d.body,
            url=d.url,
            email=delivery[(d.recipient_id, d.kind)],
        )
        for d in drafts
    )
    if any(n.email == Delivery.IMMEDIATE for n in created):
        from notifications.tasks import send_notification_emails

        send_notification_emails.delay_on_commit()
    return created


def notify(**fields) -> Notification:
    return notify_many([Draft(**fields)])[0]


EMAIL_BATCH = 500


@transaction.atomic
def send_pending_emails(*, limit: int = EMAIL_BATCH) -> int:
    """Email the immediate notifications not yet emailed, each once.

    Rows are claimed with FOR UPDATE SKIP LOCKED, so two senders never take the same
    one; they are marked in the transaction that sends them, so a failed send marks
    nothing and is tried again by the next sweep.
    """
    pending = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(email=Delivery.IMMEDIATE, emailed_at__isnull=True, recipient__is_active=True)
        .select_related("recipient")
        .order_by("id")[:limit]
    )
    if not pending:
        return 0
    send_mass_mail(
        [(n.title, _email_text(n), settings.DEFAULT_FROM_EMAIL, [n.recipient.email]) for n in pending],
        fail_silently=False,
    )
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(pending)


def _email_text(notification: Notification) -> str:
    from core.links import district_url

    parts = [f"Hello {notification.recipient.first_name or notification.recipient.email},", ""]
    if notification.body:
        parts += [notification.body, ""]
    if notification.url:
        parts += [f"Open it in Lodestar: {district_url(notification.url)}", ""]
    parts += ["You can choose which emails you get on your notification preferences page."]
    return "\n".join(parts)
