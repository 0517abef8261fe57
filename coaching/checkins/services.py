"""Writes about check-ins: the schedule they follow, the dispatcher that opens, reminds,
marks overdue and escalates them, and answering one."""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coaching.goals.health import goal_health_refresh, goal_health_refresh_due
from coaching.goals.services import goal_progress_add
from coaching.models import (
    Cadence,
    CheckIn,
    CheckInReminder,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalStatus,
    ReminderKind,
)
from core.audit import audit
from core.time import district_today
from notifications.models import Kind
from notifications.services import Draft, notification_resolve, notify_many
from schools.models import DistrictPolicy, Supervision
from webhooks.services import api_path, event_emit, event_emit_many

OPEN_DAYS_BEFORE = 2  # a check-in opens this many days before it falls due
DUE_SOON_DAYS = 1  # "due soon" means due today or within this many days
PERIOD_DAYS: dict[str, int] = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14}
RATINGS = range(1, 6)
# What is asked of people about one check-in (by the dispatcher, or a colleague's nudge);
# answering it settles them all.
CHECK_IN_ASKS = (
    Kind.CHECK_IN_OPENED,
    Kind.CHECK_IN_DUE_SOON,
    Kind.CHECK_IN_OVERDUE,
    Kind.CHECK_IN_ESCALATED,
    Kind.NUDGE,
)

# --- Periods -------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date_on_or_after(*, anchor: datetime.date, cadence: str, day: datetime.date) -> datetime.date:
    """The first due date of the schedule that is not before `day`.

    Due dates are counted from the anchor, never chained from one another: every 7 or 14
    days, or the anchor's day of each month (the 31st falls on the 30th in April and on
    the 28th or 29th in February, and is back on the 31st in May).
    """
    if cadence == Cadence.MONTHLY:
        months = max((day.year - anchor.year) * 12 + day.month - anchor.month, 1)
        due = add_months(anchor, months)
        return due if due >= day else add_months(anchor, months + 1)
    step = PERIOD_DAYS[cadence]
    periods = max(-(-(day - anchor).days // step), 1)
    return anchor + datetime.timedelta(days=step * periods)


def current_due_date(
    *, anchor: datetime.date, cadence: str, ends_on: datetime.date, today: datetime.date
) -> datetime.date | None:
    """The due date of the check-in that should be open today, if any.

    Only the period running today counts: after an outage, the periods that went by are
    not opened after the fact (they would all be overdue at once). Nothing falls due
    after the goal's due date or the cycle's end.
    """
    due = due_date_on_or_after(anchor=anchor, cadence=cadence, day=today)
    if due > ends_on or today < due - datetime.timedelta(days=OPEN_DAYS_BEFORE):
        return None
    return due


# --- The dispatcher ------------------------------------------------------------------------

_TABLES = {
    "check_in": CheckIn._meta.db_table,
    "reminder": CheckInReminder._meta.db_table,
    "goal": Goal._meta.db_table,
    "cycle": CoachingCycle._meta.db_table,
    "supervision": Supervision._meta.db_table,
    "user": CheckIn._meta.get_field("owner").related_model._meta.db_table,
}
# The subject of a check-in (its goal or cycle) and its title, joined onto `c`.
_SUBJECT_JOINS = """
    LEFT JOIN {goal} g ON g.id = c.goal_id
    LEFT JOIN {cycle} cy ON cy.id = c.cycle_id
""".format(**_TABLES)
# Reminders and escalations are only for work still going on: an active goal, a cycle
# that is not closed, an owner who still works here.
_LIVE = f"""
    (g.status = '{GoalStatus.ACTIVE}' OR (cy.id IS NOT NULL AND cy.status <> '{CycleStatus.CLOSED}'))
    AND EXISTS (SELECT 1 FROM {_TABLES["user"]} u WHERE u.id = c.owner_id AND u.is_active)
"""
_CURRENT_SUPERVISORS = """
    SELECT s.supervisor_id FROM {supervision} s
    WHERE s.supervisee_id = c.owner_id AND s.ended_on IS NULL AND s.started_on <= %(today)s
""".format(**_TABLES)


def _due_subjects(today: datetime.date) -> list[tuple]:
    """Active goals and open cycles with their schedules, in one query (a UNION):
    (kind, id, anchor, cadence, last day, owner id, title)."""
    goals = Goal.objects.filter(status=GoalStatus.ACTIVE, due_on__gte=today, owner__is_active=True)
    cycles = CoachingCycle.objects.exclude(status=CycleStatus.CLOSED).filter(
        ends_on__gte=today, coachee__is_active=True
    )
    anchor = Coalesce("activated_on", "starts_on")
    goal_rows = goals.values_list(Value("goal"), "pk", anchor, "cadence", "due_on", "owner_id", "statement")
    cycle_rows = cycles.values_list(
        Value("cycle"), "pk", "starts_on", "cadence", "ends_on", "coachee_id", "title"
    )
    return list(goal_rows.union(cycle_rows, all=True))


def _open_check_ins(rows: list[tuple]) -> list[tuple]:
    """Insert the new check-ins (goal_id, cycle_id, owner_id, due_on); returns (id,
    goal_id, cycle_id, owner_id, due_on) of the rows really inserted. Rows go in one
    fixed order, so that racing workers wait on each other instead of deadlocking."""
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[], [], [], []]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {_TABLES["check_in"]}
                (goal_id, cycle_id, owner_id, due_on, status, opened_at, note, blockers)
            SELECT t.goal_id, t.cycle_id, t.owner_id, t.due_on, %s, now(), '', ''
            FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::date[])
                AS t(goal_id, cycle_id, owner_id, due_on)
            ORDER BY t.goal_id, t.cycle_id
            ON CONFLICT DO NOTHING
            RETURNING id, goal_id, cycle_id, owner_id, due_on
            """,
            [CheckInStatus.OPEN, *columns],
        )
        return cursor.fetchall()


def _remind(kind: str, *, where: str, recipients: str, params: dict) -> list[tuple]:
    """Record a reminder of `kind` for each check-in matching `where` (one row per
    check-in, to the first of `recipients`); returns (check_in_id, recipient_id, due_on,
    subject title, owner name) for every recipient of each reminder really inserted."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH inserted AS (
                INSERT INTO {_TABLES["reminder"]} (check_in_id, kind, recipient_id, sent_at)
                SELECT c.id, %(kind)s, first.recipient_id, now()
                FROM {_TABLES["check_in"]} c {_SUBJECT_JOINS}
                CROSS JOIN LATERAL ({recipients} ORDER BY 1 LIMIT 1) AS first(recipient_id)
                WHERE {where} AND {_LIVE}
                ORDER BY c.id
                ON CONFLICT DO NOTHING
                RETURNING check_in_id
            )
            SELECT c.id, everyone.recipient_id, c.due_on, COALESCE(g.statement, cy.title),
                   trim(o.first_name || ' ' || o.last_name)
            FROM inserted i
            JOIN {_TABLES["check_in"]} c ON c.id = i.check_in_id
            JOIN {_TABLES["user"]} o ON o.id = c.owner_id
            {_SUBJECT_JOINS}
            CROSS JOIN LATERAL ({recipients}) AS everyone(recipient_id)
            ORDER BY c.id, everyone.recipient_id
            """,
            {**params, "kind": kind},
        )
        return cursor.fetchall()


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _url(check_in_id: int) -> str:
    return reverse("coaching:check-in-detail", args=[check_in_id])


@transaction.atomic
def check_in_dispatch(*, today: datetime.date | None = None) -> dict:
    """Open, remind, mark overdue and escalate the check-ins of this district, in a fixed
    number of queries whatever the number of goals and cycles.

    "Today" is the district's own date. Each effect happens once: check-ins are unique per
    subject and due date, reminders per check-in and kind; the rows are inserted with ON
    CONFLICT DO NOTHING RETURNING and only those really inserted are notified, all in this
    one transaction. A second run inserts and sends nothing; a concurrent one waits on the
    unique indexes, then does the same; a run killed half-way leaves nothing behind.
    """
    today = today or district_today()
    escalation_days = DistrictPolicy.current().check_in_escalation_days
    subjects = _due_subjects(today)

    to_open, titles = [], {}
    for subject, pk, anchor, cadence, ends_on, owner_id, title in subjects:
        due = current_due_date(anchor=anchor, cadence=cadence, ends_on=ends_on, today=today)
        titles[(subject, pk)] = title
        if due is not None:
            goal_id, cycle_id = (pk, None) if subject == "goal" else (None, pk)
            to_open.append((goal_id, cycle_id, owner_id, due))
    opened = _open_check_ins(to_open)

    params = {
        "today": today,
        "soon": today + datetime.timedelta(days=DUE_SOON_DAYS),
        "escalate_on_or_before": today - datetime.timedelta(days=escalation_days),
    }
    owner = "SELECT c.owner_id"
    due_soon = _remind(
        ReminderKind.DUE_SOON,
        where=f"c.status = '{CheckInStatus.OPEN}' AND c.due_on BETWEEN %(today)s AND %(soon)s",
        recipients=owner,
        params=params,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_TABLES['check_in']} SET status = %s WHERE status = %s AND due_on < %s "
            "RETURNING id, goal_id",
            [CheckInStatus.OVERDUE, CheckInStatus.OPEN, today],
        )
        marked = cursor.fetchall()
    event_emit_many(
        type="check_in.overdue",
        items=[(_check_in_event(pk, goal_id=goal_id), None) for pk, goal_id in marked],
    )
    overdue = _remind(
        ReminderKind.OVERDUE,
        where=f"c.status = '{CheckInStatus.OVERDUE}'",
        recipients=owner,
        params=params,
    )
    escalated = _remind(
        ReminderKind.ESCALATED,
        where=f"c.status = '{CheckInStatus.OVERDUE}' AND c.due_on <= %(escalate_on_or_before)s",
        # The cycle's coach, or for a goal the owner's current supervisors.
        recipients=f"SELECT cy.coach_id WHERE cy.id IS NOT NULL UNION {_CURRENT_SUPERVISORS}"
        " AND c.cycle_id IS NULL",
        params=params,
    )
    CheckIn.objects.filter(pk__in=sorted({row[0] for row in escalated})).update(escalated_at=timezone.now())

    drafts = [
        Draft(
            recipient_id=owner_id,
            kind=Kind.CHECK_IN_OPENED,
            title=f"Check-in due {due:%a %b %-d}: "
            f"{_short(titles[('goal', goal_id) if goal_id else ('cycle', cycle_id)])}",
            body="Rate your progress from 1 to 5, and say what is in your way.",
            url=_url(pk),
        )
        for pk, goal_id, cycle_id, owner_id, due in opened
    ]
    drafts += [
        Draft(
            recipient_id=recipient,
            kind=Kind.CHECK_IN_DUE_SOON,
            title=f"Check-in due {due:%a %b %-d}: {_short(title)}",
            url=_url(pk),
        )
        for pk, recipient, due, title, _name in due_soon
    ]
    drafts += [
        Draft(
            recipient_id=recipient,
            kind=Kind.CHECK_IN_OVERDUE,
            title=f"Overdue check-in (due {due:%b %-d}): {_short(title)}",
            body="It can still be answered.",
            url=_url(pk),
        )
        for pk, recipient, due, title, _name in overdue
    ]
    drafts += [
        Draft(
            recipient_id=recipient,
            kind=Kind.CHECK_IN_ESCALATED,
            title=f"{name}'s check-in is {(today - due).days} days overdue: {_short(title)}",
            body=f"It was due on {due:%B %-d}. A word from you may help.",
            url=_url(pk),
        )
        for pk, recipient, due, title, name in escalated
    ]
    notify_many(drafts)

    # Check-ins falling overdue change their goals' health; opened ones do not count yet.
    marked_goals = {goal_id for _, goal_id in marked if goal_id}
    health_changed = goal_health_refresh_due(changed_goal_ids=sorted(marked_goals), today=today)
    return {
        "opened": len(opened),
        "due_soon": len({row[0] for row in due_soon}),
        "overdue": len({row[0] for row in overdue}),
        "escalated": len({row[0] for row in escalated}),
        "marked_overdue": len(marked),
        "health_changed": health_changed,
    }


# --- Answering -----------------------------------------------------------------------------


def _check_in_event(pk: int, **ids) -> dict:
    """A check-in's webhook payload: ids and its link; the answer is private text."""
    ids = {name.removesuffix("_id"): value for name, value in ids.items()}
    return {"check_in": pk, **ids, "links": {"check_in": api_path("check-in", pk)}}


@transaction.atomic
def check_in_complete(
    *,
    actor: User,
    check_in: CheckIn,
    progress_rating: int,
    note: str = "",
    blockers: str = "",
    progress_value: Decimal | None = None,
) -> CheckIn:
    """The owner answers an open or overdue check-in, once: a rating from 1 to 5, a note,
    blockers and, for a goal, optionally a progress value (recorded as a progress update).
    The goal's health is recomputed."""
    check_in = CheckIn.objects.select_for_update(of=("self",)).select_related("goal").get(pk=check_in.pk)
    if check_in.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the person who owes a check-in answers it.")
    errors = {}
    if check_in.status == CheckInStatus.COMPLETED:
        errors["status"] = "This check-in has already been answered."
    if isinstance(progress_rating, bool) or progress_rating not in RATINGS:
        errors["progress_rating"] = "Rate your progress from 1 to 5."
    if progress_value is not None:
        if check_in.goal is None:  # read with the check-in (select_related)
            errors["progress_value"] = "A progress value belongs to a goal's check-in."
        elif check_in.goal.status != GoalStatus.ACTIVE:
            errors["progress_value"] = "Progress is recorded only on an active goal."
    if errors:
        raise ValidationError(errors)
    check_in.status = CheckInStatus.COMPLETED
    check_in.completed_at = timezone.now()
    check_in.progress_rating = progress_rating
    check_in.note = (note or "").strip()
    check_in.blockers = (blockers or "").strip()
    check_in.save(update_fields=["status", "completed_at", "progress_rating", "note", "blockers"])
    notification_resolve(url=_url(check_in.pk), kinds=CHECK_IN_ASKS)  # the owner's and the escalations
    audit(
        actor=actor,
        action="check_in.completed",
        target=check_in,
        data={
            "rating": progress_rating,
            "progress_value": None if progress_value is None else str(progress_value),
        },
    )
    private = {"progress_rating": progress_rating, "note": check_in.note, "blockers": check_in.blockers}
    ids = {"goal_id": check_in.goal_id, "cycle_id": check_in.cycle_id, "owner_id": check_in.owner_id}
    event_emit(type="check_in.completed", data=_check_in_event(check_in.pk, **ids), private=private)
    if progress_value is not None:
        _record_progress(actor=actor, check_in=check_in, value=progress_value)  # refreshes health too
    elif check_in.goal_id:
        goal_health_refresh(goal_ids=[check_in.goal_id])
    return check_in


def _record_progress(*, actor, check_in: CheckIn, value: Decimal) -> None:
    """The value becomes a progress update on the goal, dated today, linked to the check-in;
    whatever the goal refuses is reported on `progress_value`, the field the person filled."""
    goal = check_in.goal
    assert goal is not None  # check_in_complete refuses a progress value without a goal
    try:
        goal_progress_add(
            actor=actor, goal=goal, recorded_on=district_today(), value=value, note=check_in.note,
            check_in=check_in,
        )  # fmt: skip
    except ValidationError as refused:
        raise ValidationError({"progress_value": refused.messages}) from None
