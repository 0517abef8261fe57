"""Assessment windows: opening them, who is in scope, completion, and reminders."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from accounts.models import User
from assessments.models import AdoptionStatus, AssessmentWindow, SelfAssessment, SelfAssessmentStatus
from core.audit import audit
from core.emails import email_message
from core.links import district_url
from core.permissions import Scope, actor_roles, require, scope_for
from core.roles import Role
from core.time import district_today
from schools.models import Membership

logger = logging.getLogger(__name__)
SMALL_GROUP = 5  # aggregates describing fewer people are suppressed (PRODUCT.md)


@transaction.atomic
def window_open(
    *, actor, framework, title: str, roles: list[str], opens_on, closes_on, schools=(), reminder_days=(7, 1)
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


def window_people(window: AssessmentWindow) -> QuerySet[User]:
    """Everyone the window asks: a current membership in one of its roles, at one of its
    schools when it names schools."""
    memberships = Membership.objects.current().filter(role__in=window.roles)
    school_ids = list(window.schools.values_list("pk", flat=True))
    if school_ids:
        memberships = memberships.filter(school_id__in=school_ids)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))


def _submitted_in(window: AssessmentWindow):
    return SelfAssessment.objects.filter(
        person=OuterRef("pk"),
        framework=window.framework_id,
        status=SelfAssessmentStatus.SUBMITTED,
        submitted_at__date__gte=window.opens_on,
        submitted_at__date__lte=window.closes_on,
    )


def window_completion(*, actor, window: AssessmentWindow) -> list[dict]:
    """Completion per school, in SQL. A school with fewer than five people in scope shows
    no numbers. Principals see only their own schools."""
    scope = scope_for(actor_roles(actor), "window.completion")
    if scope == Scope.NONE:
        raise PermissionDenied("Only the central office and principals follow completion.")
    people = window_people(window).annotate(done=Exists(_submitted_in(window)))
    rows = (
        Membership.objects.current()
        .filter(role__in=window.roles, user__in=people.values("pk"), school__isnull=False)
        .values("school_id", "school__name")
        .annotate(
            in_scope=Count("user", distinct=True),
            submitted=Count("user", distinct=True, filter=Q(user__in=people.filter(done=True).values("pk"))),
        )
        .order_by("school__name")
    )
    if scope == Scope.SCHOOL:
        mine = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        rows = rows.filter(school_id__in=mine)
    result = []
    for row in rows:
        suppressed = row["in_scope"] < SMALL_GROUP
        result.append(
            {
                "school": row["school_id"],
                "school_name": row["school__name"],
                "suppressed": suppressed,
                "in_scope": None if suppressed else row["in_scope"],
                "submitted": None if suppressed else row["submitted"],
                "rate": None if suppressed else round(row["submitted"] / row["in_scope"], 3),
            }
        )
    return result


def window_list_for_actor(*, actor) -> QuerySet[AssessmentWindow]:
    """The central office sees every window; others the windows that ask them."""
    windows = AssessmentWindow.objects.select_related("framework").prefetch_related("schools")
    if scope_for(actor_roles(actor), "window.manage") == Scope.DISTRICT:
        return windows
    roles = actor_roles(actor)
    my_schools = Membership.objects.current().filter(user=actor, school__isnull=False).values("school_id")
    asks_me = Q(roles__has_any_keys=sorted(roles)) & (Q(schools__isnull=True) | Q(schools__in=my_schools))
    if Role.SCHOOL_LEADER in roles:
        # A principal follows every window that covers their school, whoever it asks.
        led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        asks_me |= Q(schools__isnull=True) | Q(schools__in=led)
    return windows.filter(asks_me).distinct() if roles else windows.none()


def window_pending_for(*, person) -> list[AssessmentWindow]:
    """Open windows that ask this person and that they have not submitted for yet."""
    today = district_today()
    candidates = window_list_for_actor(actor=person).filter(opens_on__lte=today, closes_on__gte=today)
    return [
        w
        for w in candidates
        if window_people(w).filter(pk=person.pk).exclude(Exists(_submitted_in(w))).exists()
    ]


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
    owed = list(window_people(window).exclude(Exists(_submitted_in(window))).values_list("pk", flat=True))
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
