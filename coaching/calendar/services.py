"""Writes about the coach's calendar: planning and cancelling observations and meetings,
and the subscription link (issued, revoked, and stamped when a calendar app reads it)."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import CalendarFeed, CoachingCycle, CoachingEvent, EventKind
from core.audit import audit

MAX_EVENT_MINUTES = 8 * 60


def _coach_of_open_cycle(actor, cycle: CoachingCycle) -> None:
    if actor.pk != cycle.coach_id:
        raise PermissionDenied("Only the cycle's coach plans its observations and meetings.")
    if cycle.is_closed:
        raise ValidationError(
            {"cycle": "This cycle is closed; nothing more is planned in it."}, code="closed"
        )


@transaction.atomic
def coaching_event_schedule(
    *,
    actor: User,
    cycle: CoachingCycle,
    kind: str,
    starts_at: datetime.datetime,
    minutes: int,
    note: str = "",
) -> CoachingEvent:
    """The coach plans an observation or a meeting in an open cycle, in the future,
    lasting 5 minutes to 8 hours."""
    cycle = CoachingCycle.objects.select_for_update().get(pk=cycle.pk)
    _coach_of_open_cycle(actor, cycle)
    errors = {}
    if kind not in EventKind.values:
        errors["kind"] = f"Choose one of {', '.join(EventKind.values)}."
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = "Give a date and time."
    elif starts_at <= timezone.now():
        errors["starts_at"] = "Plan it in the future; record what already happened as an observation."
    if not isinstance(minutes, int) or not 5 <= minutes <= MAX_EVENT_MINUTES:
        errors["minutes"] = f"Between 5 and {MAX_EVENT_MINUTES} minutes."
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = "At most 300 characters."
    if errors:
        raise ValidationError(errors)
    event = CoachingEvent.objects.create(
        cycle=cycle,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        note=note,
        created_by=actor,
    )
    audit(
        actor=actor,
        action="coaching_event.scheduled",
        target=event,
        data={"cycle": cycle.pk, "kind": kind, "starts_at": starts_at.isoformat()},
    )
    return event


@transaction.atomic
def coaching_event_cancel(*, actor: User, event: CoachingEvent) -> None:
    """The coach cancels a planned event of an open cycle."""
    event = CoachingEvent.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=event.pk)
    _coach_of_open_cycle(actor, event.cycle)
    audit(
        actor=actor,
        action="coaching_event.cancelled",
        target=event,
        data={"cycle": event.cycle_id, "kind": event.kind, "starts_at": event.starts_at.isoformat()},
    )
    event.delete()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, actor: User) -> str:
    """A new secret link token for the actor's calendar; any earlier link stops working.
    Returns the token, which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        owner=actor, defaults={"token_hash": _hash(token), "last_read_at": None}
    )
    feed = CalendarFeed.objects.get(owner=actor)
    audit(actor=actor, action="calendar_feed.issued", target=feed)
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> bool:
    """The actor's link stops working. True if there was one."""
    feed = CalendarFeed.objects.filter(owner=actor).first()
    if feed is None:
        return False
    audit(actor=actor, action="calendar_feed.revoked", target=feed)
    feed.delete()
    return True


def calendar_feed_owner(*, token: str) -> User | None:
    """The active person whose link this is, or None."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(token_hash=_hash(token)).first()
    if feed is None or not feed.owner.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.owner
