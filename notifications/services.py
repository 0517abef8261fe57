"""Writing notifications and sending their email, each exactly once."""

import logging
import smtplib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from core.emails import email_message
from core.links import district_url
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
logger = logging.getLogger(__name__)


@transaction.atomic
def send_pending_emails(*, limit: int = EMAIL_BATCH) -> int:
    """Email the immediate notifications not yet emailed, each once.

    Rows are claimed with FOR UPDATE SKIP LOCKED, so two senders never take the same
    one; they are marked in the transaction that sends them, so an email that was not
    sent (the server unreachable, or this one address refused) stays pending for the next
    sweep, and one that was sent is never sent again. Returns how many were sent.
    """
    pending = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(email=Delivery.IMMEDIATE, emailed_at__isnull=True, recipient__is_active=True)
        .select_related("recipient")
        .order_by("id")[:limit]
    )
    if not pending:
        return 0
    preferences = district_url(reverse("notifications:preferences"))
    sent = send_each((n.pk, notification_email(n, preferences_url=preferences)) for n in pending)
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)


# SMTP refusals of one message (a rejected address, a rejected body): the others still go.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError, ValueError)


def send_each(messages) -> list:
    """Send (key, EmailMessage) pairs on one connection; return the keys of those sent.

    One message the server refuses is logged and skipped, so a bad address cannot hold
    back everyone else's email, batch after batch. If the server cannot be reached the
    error is raised (nothing was sent); if the connection drops midway, what was sent so
    far is returned and the rest waits for the next run, so nothing is sent twice.
    """
    connection = get_connection(fail_silently=False)
    connection.open()
    sent = []
    try:
        for key, message in messages:
            message.connection = connection
            try:
                if message.send():
                    sent.append(key)
            except REFUSED:
                logger.exception("Email %s was refused; it stays pending.", key)
            except (smtplib.SMTPException, OSError):
                logger.exception("The mail server went away after %d emails; the rest wait.", len(sent))
                break
    finally:
        connection.close()
    return sent


def subject_line(text: str) -> str:
    """A title as an email subject: one line (a line break in a header is refused outright)."""
    return " ".join(text.split())


def notification_email_context(notification: Notification, *, preferences_url: str) -> dict:
    """What one notification's email says: its title and body, a button to what it is about."""
    recipient = notification.recipient
    return {
        "name": recipient.first_name or recipient.email,
        "title": " ".join(notification.title.split()),
        "body": notification.body,
        "action_url": district_url(notification.link) if notification.link else "",
        "action_label": "Open it in Lodestar",
        "preferences_url": preferences_url,
    }


def notification_email(notification: Notification, *, preferences_url: str) -> EmailMultiAlternatives:
    return email_message(
        "notifications/email/notification",
        notification_email_context(notification, preferences_url=preferences_url),
        subject=subject_line(notification.title),
        to=[notification.recipient.email],
    )


# --- The inbox ---------------------------------------------------------------------------
# Read marks are the person's own bookkeeping on their own inbox: nobody else relies on
# them, so they are not audited (preference changes, which decide what email goes out, are).


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read; marking it again changes nothing."""
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("Only the recipient marks a notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notification_resolve(*, url: str, kinds, person=None) -> int:
    """The task these notifications asked for is done: mark read, in one UPDATE, the unread
    notifications of `kinds` that point at it (`url`), for `person` or, when None, for
    everyone who was asked (an escalation to supervisors, a reminder to administrators).

    Called by the service that completes the task, inside its transaction, so the inbox
    never says "waiting for you" about work that is finished. Returns how many were marked.
    """
    unread = Notification.objects.filter(url=url, kind__in=list(kinds), read_at__isnull=True)
    if person is not None:
        unread = unread.filter(recipient_id=person.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read, in one UPDATE; returns how many."""
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preference_set(*, actor: User, choices: dict[str, str]) -> None:
    """Replace the actor's email choices: each kind named gets its delivery, every kind left
    out goes back to its default. The inbox gets every notification whatever is chosen.

    Unknown kinds and deliveries are refused by name, before anything changes.
    """
    errors = {}
    for kind, delivery in choices.items():
        if kind not in Kind.values:
            errors[kind] = "Unknown kind of notification."
        elif delivery not in Delivery.values:
            errors[kind] = f"Choose one of: {', '.join(Delivery.values)}."
    if errors:
        raise ValidationError(errors)
    Preference.objects.filter(person_id=actor.pk).delete()
    Preference.objects.bulk_create(
        Preference(person_id=actor.pk, kind=kind, delivery=delivery) for kind, delivery in choices.items()
    )
    audit(actor=actor, action="notification_preferences.updated", target=actor, data={"choices": choices})
