"""Digest emails, each exactly once: the daily digest and the principals' weekly summary.

Both decide "once" the same way. A `DigestRun` row (unique per person, sort and period) is
inserted with INSERT ... ON CONFLICT DO NOTHING RETURNING, and only the people whose row
was really inserted are served, in the same transaction that sends. A run that cannot
reach the mail server rolls its rows back, and a daily digest the server refuses has its
row taken back, so the next hourly run tries again; one that was sent is never repeated,
however often beat fires or how many workers race (the second one waits on the unique
index, then inserts nothing).

Both work in bulk: a fixed number of queries per district, whatever the number of people.
"""

import datetime
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from coaching.models import CheckIn, CheckInStatus, Feedback, Goal, GoalHealth, GoalKind, GoalStatus
from core.emails import email_message
from core.links import district_url
from core.roles import Role
from core.time import district_timezone
from notifications.models import Delivery, DigestRun, Kind, Notification
from notifications.services import Draft, notify_many, send_each
from schools.models import Membership, Supervision

DIGEST_HOUR = 7  # local time in the district: nothing goes out before seven in the morning
FEEDBACK_WAIT = datetime.timedelta(days=3)  # unacknowledged longer than this is "waiting"
AT_RISK = (GoalHealth.AT_RISK, GoalHealth.OFF_TRACK)


def local_now(now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment in the current district's time zone."""
    return timezone.localtime(now or timezone.now(), timezone=district_timezone())


def _claim(*, sort: str, period: datetime.date, person_ids) -> set[int]:
    """Insert the digest runs not yet recorded; returns the people whose row is new."""
    if not person_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {DigestRun._meta.db_table} (person_id, sort, period, sent_at)
            SELECT person_id, %s, %s, now() FROM unnest(%s::bigint[]) AS person_id
            ON CONFLICT (person_id, sort, period) DO NOTHING
            RETURNING person_id
            """,
            [sort, period, sorted(set(person_ids))],
        )
        return {row[0] for row in cursor.fetchall()}


# --- Daily digest ------------------------------------------------------------------------


@transaction.atomic
def daily_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Email each person one digest of their `daily` notifications not yet emailed, once
    a day, once the district's local time has passed 07:00. Returns how many were sent.

    The notifications are marked emailed in the transaction that sends them, so a
    notification written after today's digest waits for tomorrow's.
    """
    moment = local_now(now)
    if moment.hour < DIGEST_HOUR:
        return 0
    waiting = (
        Notification.objects.filter(email=Delivery.DAILY, emailed_at__isnull=True, recipient__is_active=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    people = _claim(sort=DigestRun.Sort.DAILY, period=moment.date(), person_ids=list(waiting))
    if not people:
        return 0
    pending = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(recipient_id__in=people, email=Delivery.DAILY, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    by_person = defaultdict(list)
    for notification in pending:
        by_person[notification.recipient_id].append(notification)
    day = f"{moment:%A, %B} {moment.day}"
    preferences = district_url(reverse("notifications:preferences"))
    sent = set(
        send_each(
            (
                person_id,
                email_message(
                    "notifications/email/daily_digest",
                    daily_digest_context(items, preferences_url=preferences),
                    subject=f"Your Lodestar digest for {day}: {_count_of(len(items), 'notification')}",
                    to=[items[0].recipient.email],
                ),
            )
            for person_id, items in by_person.items()
        )
    )
    Notification.objects.filter(pk__in=[n.pk for n in pending if n.recipient_id in sent]).update(
        emailed_at=timezone.now()
    )
    if unsent := people - sent:
        # Refused or not reached: their run is taken back, so the next hourly run tries again.
        DigestRun.objects.filter(
            person_id__in=unsent, sort=DigestRun.Sort.DAILY, period=moment.date()
        ).delete()
    return len(sent)


def _count_of(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def daily_digest_context(items: list[Notification], *, preferences_url: str) -> dict:
    """What one person's digest says: each notification's title, body and link."""
    recipient = items[0].recipient
    return {
        "name": recipient.first_name or recipient.email,
        "items": [
            {
                "title": " ".join(item.title.split()),
                "lines": item.body.splitlines(),
                "url": district_url(item.link) if item.link else "",
            }
            for item in items
        ],
        "action_url": district_url(reverse("notifications:inbox")),
        "action_label": "Open your inbox",
        "preferences_url": preferences_url,
    }


# --- Weekly school summary for principals ------------------------------------------------


def _count(queryset, owner_field: str):
    """A correlated COUNT of the rows of `queryset` belonging to the outer row's user."""
    counted = (
        queryset.filter(**{owner_field: OuterRef("user_id")})
        .order_by()
        .values(owner_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@transaction.atomic
def weekly_digest_send(*, now: datetime.datetime | None = None) -> int:
    """On Mondays after 07:00 local time, give each current school leader one summary per
    school they lead, once a week: overdue check-ins among the school's staff (and which of
    their own supervisees have some), the school's goals at risk or off track (and how many
    of their supervisees' goals are), and how much feedback to the staff has waited more
    than three days for acknowledgement. Feedback is counted, never quoted: its content is
    behind the coaching firewall.

    The summary lands in the inbox as a WEEKLY_DIGEST notification and is emailed as the
    leader's preference for that kind says (not at all when it is off). Returns how many
    summaries were written.
    """
    moment = local_now(now)
    if moment.weekday() != 0 or moment.hour < DIGEST_HOUR:
        return 0
    monday = moment.date()
    leads = list(
        Membership.objects.current(on=monday)
        .filter(role=Role.SCHOOL_LEADER, user__is_active=True, school__is_active=True)
        .values_list("user_id", "school_id", "school__name")
        .order_by("user_id", "school__name", "school_id")
        .distinct()
    )
    claimed = _claim(sort=DigestRun.Sort.WEEKLY, period=monday, person_ids=[lead[0] for lead in leads])
    leads = [lead for lead in leads if lead[0] in claimed]
    if not leads:
        return 0
    school_ids = {school_id for _, school_id, _ in leads}

    # The staff of those schools who have anything to report, one row per school and person.
    risky_goals = Goal.objects.filter(kind=GoalKind.PERSONAL, status=GoalStatus.ACTIVE, health__in=AT_RISK)
    staff = (
        Membership.objects.current(on=monday)
        .filter(school_id__in=school_ids, user__is_active=True)
        .annotate(
            overdue=_count(CheckIn.objects.filter(status=CheckInStatus.OVERDUE), "owner_id"),
            risky=_count(risky_goals, "owner_id"),
            waiting=_count(
                Feedback.objects.filter(acknowledged_at__isnull=True, created_at__lt=moment - FEEDBACK_WAIT),
                "recipient_id",
            ),
        )
        .filter(Q(overdue__gt=0) | Q(risky__gt=0) | Q(waiting__gt=0))
        .values_list(
            "school_id", "user_id", "user__first_name", "user__last_name", "overdue", "risky", "waiting"
        )
        .order_by("school_id", "user__last_name", "user__first_name", "user_id")
        .distinct()
    )
    by_school = defaultdict(list)
    for school_id, user_id, first, last, overdue, risky, waiting in staff:
        by_school[school_id].append(
            {
                "id": user_id,
                "name": f"{first} {last}".strip(),
                "overdue": overdue,
                "risky": risky,
                "waiting": waiting,
            }
        )
    school_goals = defaultdict(list)
    for school_id, statement, health in (
        Goal.objects.filter(
            kind=GoalKind.SCHOOL, school_id__in=school_ids, status=GoalStatus.ACTIVE, health__in=AT_RISK
        )
        .values_list("school_id", "statement", "health")
        .order_by("school_id", "due_on", "id")
    ):
        school_goals[school_id].append((statement, GoalHealth(health).label.lower()))
    supervisees = defaultdict(set)
    for supervisor_id, supervisee_id in (
        Supervision.objects.current(on=monday)
        .filter(supervisor_id__in={lead[0] for lead in leads})
        .values_list("supervisor_id", "supervisee_id")
    ):
        supervisees[supervisor_id].add(supervisee_id)

    week = f"{monday:%B} {monday.day}"
    drafts = [
        Draft(
            recipient_id=leader_id,
            kind=Kind.WEEKLY_DIGEST,
            title=f"Weekly summary for {school_name}, week of {week}",
            body=_weekly_text(
                staff=by_school[school_id], goals=school_goals[school_id], mine=supervisees[leader_id]
            ),
        )
        for leader_id, school_id, school_name in leads
    ]
    notify_many(drafts)
    return len(drafts)


def _weekly_text(*, staff: list[dict], goals: list[tuple[str, str]], mine: set[int]) -> str:
    overdue = sum(person["overdue"] for person in staff)
    waiting = sum(person["waiting"] for person in staff)
    late = [f"{p['name']} ({p['overdue']})" for p in staff if p["id"] in mine and p["overdue"]]
    slipping = [f"{p['name']} ({p['risky']})" for p in staff if p["id"] in mine and p["risky"]]
    if not (overdue or waiting or goals or slipping):
        return (
            "Nothing needs your attention this week: "
            "no overdue check-ins, no goals at risk, no feedback waiting."
        )
    lines = [f"Overdue check-ins among the staff: {overdue}."]
    if late:
        lines.append(f"Your supervisees with overdue check-ins: {', '.join(late)}.")
    lines.append(f"School goals at risk or off track: {len(goals)}.")
    lines += [f"- {_shorten(statement)} ({health})" for statement, health in goals]
    if slipping:
        lines.append(f"Your supervisees' goals at risk or off track: {', '.join(slipping)}.")
    lines.append(f"Feedback awaiting acknowledgement for more than 3 days: {waiting}.")
    return "\n".join(lines)


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
