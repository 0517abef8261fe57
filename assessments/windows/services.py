"""Writes about assessment windows: opening one, and sending the reminders due."""

import datetime
import logging
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists
from django.urls import reverse

from accounts.models import User
from assessments.models import AdoptionStatus, AssessmentWindow, Framework
from assessments.windows.selectors import rounds_submitted_in, window_people
from core.audit import audit
from core.emails import email_message
from core.links import district_url
from core.permissions import require
from core.roles import Role
from core.time import district_today
from schools.models import School

logger = logging.getLogger(__name__)


@transaction.atomic
def window_open(
    *,
    actor: User | None,
    framework: Framework,
    title: str,
    roles: list[str],
    opens_on: datetime.date,
    closes_on: datetime.date,
    schools: Iterable[School] = (),
    reminder_days: Sequence[int] = (7, 1),
) -> AssessmentWindow:
    """Ask the people in scope (roles, optionally schools) to assess themselves on an
    adopted framework between two dates, with reminders before it closes."""
    require(actor, "window.manage")
    errors = {}
    if framework.adoption_status != AdoptionStatus.ADOPTED:
        errors["framework"] = "Open windows only on adopted frameworks."
    unknown = [r for r in roles if r not in Role.values]
    if not roles or unknown:
        errors["roles"] = f"Choose roles from {', '.join(Role.values)}."
    if closes_on < opens_on:
        errors["closes_on"] = "A window cannot close before it opens."
    if any(not isinstance(d, int) or d < 0 or d > 90 for d in reminder_days):
        errors["reminder_days"] = "Reminders are whole days before closing, between 0 and 90."
    if not (title or "").strip():
        errors["title"] = "Give the window a title."
    if errors:
        raise ValidationError(errors)
    window = AssessmentWindow.objects.create(
        framework=framework,
        title=title.strip(),
        roles=sorted(set(roles)),
        opens_on=opens_on,
        closes_on=closes_on,
        reminder_days=sorted(set(reminder_days), reverse=True),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    window.schools.set(schools)
    audit(actor=actor, action="window.opened", target=window, data={"roles": window.roles})
    return window


def window_remind_due(*, today: datetime.date | None = None) -> int:
    """Send the reminders that have fallen due in this district, each exactly once.

    For each open window, the latest reminder point that has come (so a missed day is
    caught up) is recorded for everyone who owes a round with INSERT ... ON CONFLICT DO
    NOTHING RETURNING, and only the rows really inserted are emailed, in the same
    transaction: a send that fails records nothing and is tried again next run; a send
    that succeeded is never repeated, however often the job runs or how many workers race
    (the second waits on the unique index, then inserts nothing).
    """
    today = today or district_today()
    sent = 0
    open_windows = AssessmentWindow.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related(
        "framework"
    )
    for window in open_windows:
        days_left = (window.closes_on - today).days
        passed = [d for d in window.reminder_days if d >= days_left]
        if not passed:
            continue
        try:
            sent += _remind(window, days_before=min(passed))
        except Exception:
            logger.exception("Reminders for window %s failed; the next run tries again.", window.pk)
    return sent


def window_reminder_context(window: AssessmentWindow, *, name: str) -> dict:
    """What a window's reminder says, with a button to start (or go on with) the assessment."""
    return {
        "name": name,
        "framework": window.framework.title,
        "closes_on": window.closes_on,
        "action_url": district_url(reverse("assessments:self-assessment-list")),
        "action_label": "Go to your self-assessment",
    }


@transaction.atomic
def _remind(window: AssessmentWindow, *, days_before: int) -> int:
    owed = list(
        window_people(window).exclude(Exists(rounds_submitted_in(window))).values_list("pk", flat=True)
    )
    if not owed:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assessments_windowreminder (window_id, person_id, days_before, sent_at)
            SELECT %s, person_id, %s, now() FROM unnest(%s::bigint[]) AS person_id
            ON CONFLICT (window_id, person_id, days_before) DO NOTHING
            RETURNING person_id
            """,
            [window.pk, days_before, owed],
        )
        newly = [row[0] for row in cursor.fetchall()]
    if not newly:
        return 0
    get_connection(fail_silently=False).send_messages(
        [
            email_message(
                "assessments/email/window_reminder",
                window_reminder_context(window, name=first_name or email),
                subject=f"Reminder: {window.title} closes on {window.closes_on:%B %-d}",
                to=[email],
            )
            for first_name, email in User.objects.filter(pk__in=newly).values_list("first_name", "email")
        ]
    )
    return len(newly)
