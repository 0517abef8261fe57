"""The coach's calendar: planned observations and meetings in cycles, and a secret
subscription link (.ics) for calendar apps.

Rules in words:
- Only a cycle's coach schedules or cancels its events, only while the cycle is open, and
  only in the future (what already happened is an observation or a note, not a plan).
- A person's calendar holds the events of the open cycles they coach or are coached in,
  nothing else: never another coach's, and (schemas) never another district's.
- Calendar apps cannot sign in, so the feed's link is its own key: a random token of which
  only the SHA-256 is stored. It is shown once when made; making a new one or revoking it
  ends the old link at once. A person who is no longer active gets an empty 404.
- The feed names the kind of event, the coachee and the cycle's title, and links to the
  cycle page; it never carries notes or anything written inside the cycle, because a
  subscribed calendar copies what it reads to the calendar provider.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from coaching.models import CalendarFeed, CoachingCycle, CoachingEvent, CycleStatus, EventKind
from core.audit import audit
from core.time import district_timezone

MAX_EVENT_MINUTES = 8 * 60
VIEWS = {"week": 7, "month": None}


def _coach_of_open_cycle(actor, cycle: CoachingCycle) -> None:
    if actor.pk != cycle.coach_id:
        raise PermissionDenied("Only the cycle's coach plans its observations and meetings.")
    if cycle.is_closed:
        raise ValidationError(
            {"cycle": "This cycle is closed; nothing more is planned in it."}, code="closed"
        )


@transaction.atomic
def coaching_event_schedule(
    *, actor, cycle: CoachingCycle, kind: str, starts_at: datetime.datetime, minutes: int, note: str = ""
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
def coaching_event_cancel(*, actor, event: CoachingEvent) -> None:
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


def coaching_event_list_for_actor(*, actor) -> QuerySet[CoachingEvent]:
    """Events of the open cycles the actor coaches or is coached in."""
    return (
        CoachingEvent.objects.filter(Q(cycle__coach=actor) | Q(cycle__coachee=actor))
        .exclude(cycle__status=CycleStatus.CLOSED)
        .select_related("cycle__coach", "cycle__coachee")
        .order_by("starts_at", "id")
    )


def coaching_event_get_for_actor(*, actor, event_id) -> CoachingEvent:
    from core.api import get_or_404

    return get_or_404(coaching_event_list_for_actor(actor=actor), event_id)


def calendar_window(*, view: str, start: datetime.date | None, today: datetime.date):
    """The first and last day shown: the week (Monday to Sunday) or the month around
    `start` (default today), and the days before and after for paging."""
    if view not in VIEWS:
        raise ValidationError({"view": "Choose week or month."})
    start = start or today
    if view == "week":
        first = start - datetime.timedelta(days=start.weekday())
        last = first + datetime.timedelta(days=6)
        return first, last, first - datetime.timedelta(days=7), last + datetime.timedelta(days=1)
    first = start.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, following - datetime.timedelta(days=1), previous, following


def calendar_days(*, actor, first: datetime.date, last: datetime.date) -> list[dict]:
    """The actor's events from `first` to `last` (district days), grouped by day; only days
    with something planned. One query."""
    zone = district_timezone()
    begin = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    days: dict[datetime.date, list] = {}
    for event in coaching_event_list_for_actor(actor=actor).filter(starts_at__gte=begin, starts_at__lt=end):
        day = timezone.localtime(event.starts_at, zone).date()
        days.setdefault(day, []).append(event)
    return [{"day": day, "events": events} for day, events in days.items()]


def calendar_next_event(*, actor, after: datetime.date) -> CoachingEvent | None:
    """The actor's first event on a day after `after` (district days): where an empty week
    or month points to, so nobody pages forward blindly. One query."""
    next_day = after + datetime.timedelta(days=1)
    begin = datetime.datetime.combine(next_day, datetime.time.min, tzinfo=district_timezone())
    return coaching_event_list_for_actor(actor=actor).filter(starts_at__gte=begin).first()


# --- The subscription link ----------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, actor) -> str:
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
def calendar_feed_revoke(*, actor) -> bool:
    """The actor's link stops working. True if there was one."""
    feed = CalendarFeed.objects.filter(owner=actor).first()
    if feed is None:
        return False
    audit(actor=actor, action="calendar_feed.revoked", target=feed)
    feed.delete()
    return True


def calendar_feed_owner(*, token: str):
    """The active person whose link this is, or None."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(token_hash=_hash(token)).first()
    if feed is None or not feed.owner.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.owner


FEED_PAST_DAYS = 60


def calendar_feed_ics(*, owner, district_name: str, url_for) -> bytes:
    """The owner's events (from FEED_PAST_DAYS ago on) as an iCalendar file. `url_for(event)`
    gives the absolute link to the event's cycle page."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Lodestar//Coaching calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Coaching — {district_name}")
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    stamp = timezone.now()
    for event in coaching_event_list_for_actor(actor=owner).filter(starts_at__gte=since):
        item = Event()
        item.add("uid", f"{event.uid}@lodestar")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event_summary(event, viewer=owner))
        item.add("url", url_for(event))
        calendar.add_component(item)
    return calendar.to_ical()


def event_summary(event: CoachingEvent, *, viewer) -> str:
    """'Planned observation with Theo Baker — Checking for understanding', from the
    viewer's side of the cycle."""
    cycle = event.cycle
    other = cycle.coachee if viewer.pk == cycle.coach_id else cycle.coach
    return f"{event.get_kind_display()} with {other.full_name} — {cycle.title}"
