"""Reads of the coach's calendar: the events of a person's open cycles, the week or month
shown, and the .ics feed."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from coaching.models import CalendarFeed, CoachingCycle, CoachingEvent, CycleStatus
from core.time import district_timezone

VIEWS = {"week": 7, "month": None}


def coaching_event_list_for_actor(*, actor: User) -> QuerySet[CoachingEvent]:
    """Events of the open cycles the actor coaches or is coached in."""
    return (
        CoachingEvent.objects.filter(Q(cycle__coach=actor) | Q(cycle__coachee=actor))
        .exclude(cycle__status=CycleStatus.CLOSED)
        .select_related("cycle__coach", "cycle__coachee")
        .order_by("starts_at", "id")
    )


def coaching_event_get_for_actor(*, actor: User, event_id) -> CoachingEvent:
    from core.api import get_or_404

    return get_or_404(coaching_event_list_for_actor(actor=actor), event_id)


def coaching_event_upcoming_in_cycle(*, actor: User, cycle: CoachingCycle) -> QuerySet[CoachingEvent]:
    """The events of one cycle still to come, as the actor's calendar holds them."""
    return coaching_event_list_for_actor(actor=actor).filter(cycle=cycle, starts_at__gte=timezone.now())


def calendar_window(
    *, view: str, start: datetime.date | None, today: datetime.date
) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
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


def calendar_days(*, actor: User, first: datetime.date, last: datetime.date) -> list[dict]:
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


def calendar_next_event(*, actor: User, after: datetime.date) -> CoachingEvent | None:
    """The actor's first event on a day after `after` (district days): where an empty week
    or month points to, so nobody pages forward blindly. One query."""
    next_day = after + datetime.timedelta(days=1)
    begin = datetime.datetime.combine(next_day, datetime.time.min, tzinfo=district_timezone())
    return coaching_event_list_for_actor(actor=actor).filter(starts_at__gte=begin).first()


FEED_PAST_DAYS = 60


def calendar_feed_ics(*, owner: User, district_name: str, url_for) -> bytes:
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


def event_summary(event: CoachingEvent, *, viewer: User) -> str:
    """'Planned observation with Theo Baker — Checking for understanding', from the
    viewer's side of the cycle."""
    cycle = event.cycle
    other = cycle.coachee if viewer.pk == cycle.coach_id else cycle.coach
    return f"{event.get_kind_display()} with {other.full_name} — {cycle.title}"


def calendar_feed_exists(*, actor: User) -> bool:
    """The actor has a subscription link that works."""
    return CalendarFeed.objects.filter(owner=actor).exists()
