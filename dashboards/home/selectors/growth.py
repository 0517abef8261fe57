"""The "your growth" section of the home page: the person's own records only (see the
area's docstring), and the next steps in words built from them."""

import datetime
import functools
from collections.abc import Callable

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import User
from assessments.models import Audience, Item, SelfAssessment
from assessments.self_assessment.rules import AUDIENCE_ROLES
from coaching.cycles.selectors.feedback import feedback_list_for_actor
from coaching.models import CheckIn, CheckInStatus, Goal, GoalKind, GoalStatus
from pathways.models import (
    OPEN_SUBMISSION_STATUSES,
    Enrollment,
    EnrollmentStatus,
    StepKind,
    Submission,
    SubmissionStatus,
)
from pathways.programs.progress import held_lineages, progress_for
from pathways.programs.recommendations import latest_submitted_rounds, recommendations_for
from schools.models import DistrictPolicy

TOP_RECOMMENDATIONS = 3
NEXT_STEPS_PER_PATHWAY = 3
OWED_CHECK_IN_STATUSES = (CheckInStatus.OPEN, CheckInStatus.OVERDUE)
EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def my_growth(*, actor: User, roles: frozenset[str]) -> dict:
    """Focus competencies, active personal goals, the next check-in owed, pathway progress,
    the top recommendations, the latest feedback received and open micro-credential work,
    with `next_steps` in words; for anyone with a role (`roles`, the actor's).

    Three reads serve two sections each, so each is done once (issue 17): the latest
    submitted round on each framework (the focus shows the latest of them, recommendations
    read their ratings), the credentials the person holds (pathway progress counts them,
    recommendations leave them out; read when first needed, as a person with neither
    enrollments nor needs needs neither) and their open micro-credential work (shown as
    pending work, left out of recommendations)."""
    held = functools.cache(lambda: held_lineages([actor.pk])[actor.pk])
    rounds = latest_submitted_rounds(actor)
    submissions = _submissions_pending(actor)
    working_on = {s.micro_credential.lineage for s in submissions if s.status in OPEN_SUBMISSION_STATUSES}
    growth = {
        "focus": _focus(actor, roles, rounds),
        "goals": _goals(actor),
        "next_check_in": _next_check_in(actor),
        "pathways": _pathways(actor, held),
        "recommendations": _recommendations(actor, held=held, working_on=working_on, rounds=rounds),
        "latest_feedback": _latest_feedback(actor),
        "pending_work": _pending_work(submissions),
    }
    growth["next_steps"] = _next_steps(growth)
    return growth


def _audience(roles) -> str:
    """The audience of the frameworks the person rates themselves on: educators for
    teachers and coaches, leaders otherwise."""
    return Audience.EDUCATORS if AUDIENCE_ROLES[Audience.EDUCATORS] & roles else Audience.LEADERS


def _competency(item) -> dict:
    return {"id": item.pk, "code": item.code, "title": item.title or item.statement}


def _focus(actor, roles, rounds: list[SelfAssessment]) -> dict:
    """The latest submitted self-assessment (the latest of `rounds`, the latest on each
    framework) and its focus competencies (one query when there is one)."""
    latest = max(rounds, key=_submitted_order, default=None)
    competencies = (
        Item.objects.filter(focused_in=latest.pk).order_by("depth", "sequence", "id") if latest else []
    )
    return {
        "audience": _audience(roles),
        "self_assessment": None
        if latest is None
        else {
            "id": latest.pk,
            "framework": {"id": latest.framework_id, "title": latest.framework.title},
            "submitted_at": latest.submitted_at,
            "url": reverse("assessments:self-assessment-results", args=[latest.pk]),
        },
        "competencies": [_competency(item) for item in competencies],
    }


def _submitted_order(sa: SelfAssessment) -> tuple:
    """ORDER BY submitted_at DESC, id DESC as PostgreSQL sorts it (no date first)."""
    return (sa.submitted_at is None, sa.submitted_at or EARLIEST, sa.pk)


def _goals(actor) -> list[dict]:
    """Active personal goals, soonest due first (a principal's school goals are part of
    the school's summary)."""
    goals = Goal.objects.filter(owner=actor, kind=GoalKind.PERSONAL, status=GoalStatus.ACTIVE).order_by(
        "due_on", "id"
    )
    return [
        {
            "id": goal.pk,
            "statement": goal.statement,
            "health": goal.health,
            "health_label": goal.get_health_display() if goal.health else "",
            "due_on": goal.due_on,
            "url": reverse("coaching:goal-detail", args=[goal.pk]),
        }
        for goal in goals
    ]


def _next_check_in(actor) -> dict | None:
    """The earliest-due check-in the actor still owes, with how many they owe in all."""
    found = (
        CheckIn.objects.filter(owner=actor, status__in=OWED_CHECK_IN_STATUSES)
        .select_related("goal", "cycle")
        .annotate(owed=Window(Count("pk")))
        .order_by("due_on", "id")
        .first()
    )
    if found is None:
        return None
    goal, cycle = found.goal, found.cycle  # loaded with it; None without a query when it has none
    if goal is not None:
        subject = {"kind": "goal", "id": found.goal_id, "title": goal.statement}
    else:
        assert cycle is not None  # a check-in is on a goal or on a cycle (the model's constraint)
        subject = {"kind": "cycle", "id": found.cycle_id, "title": cycle.title}
    return {
        "id": found.pk,
        "due_on": found.due_on,
        "status": found.status,
        "status_label": found.get_status_display(),
        "subject": subject,
        "owed": found.owed,
        "url": reverse("coaching:check-in-detail", args=[found.pk]),
    }


def _step_title(step) -> str:
    return step.micro_credential.title if step.kind == StepKind.MICRO_CREDENTIAL else step.title


def _pathways(actor, held: Callable[[], set]) -> list[dict]:
    """Active enrollments, latest first, with progress (one query plus three, and the
    credentials held)."""
    enrollments = list(
        Enrollment.objects.filter(person=actor, status=EnrollmentStatus.ACTIVE)
        .select_related("pathway")
        .order_by("-enrolled_at", "-id")
    )
    progress = progress_for(enrollments, lineages={actor.pk: held()}) if enrollments else {}
    rows = []
    for enrollment in enrollments:
        state = progress[enrollment.pk]
        rows.append(
            {
                "id": enrollment.pk,
                "pathway": {"id": enrollment.pathway_id, "title": enrollment.pathway.title},
                "percent": state.percent,
                "steps_done": state.steps_done,
                "steps_needed": state.steps_needed,
                "next_steps": [
                    {"position": step.position, "title": _step_title(step)}
                    for step in state.next_steps[:NEXT_STEPS_PER_PATHWAY]
                ],
                "url": reverse("pathways:pathway-detail", args=[enrollment.pathway_id]),
            }
        )
    return rows


def _recommendations(actor, *, held: Callable[[], set], working_on: set, rounds) -> list[dict]:
    urls = {"micro_credential": "pathways:micro-credential-detail", "pathway": "pathways:pathway-detail"}
    return [
        {
            "kind": found.kind,
            "id": found.id,
            "title": found.title,
            "score": found.score,
            "reasons": found.reasons,
            "url": reverse(urls[found.kind], args=[found.id]),
        }
        for found in recommendations_for(
            actor, limit=TOP_RECOMMENDATIONS, held=held, working_on=working_on, rounds=rounds
        )
    ]


def _latest_feedback(actor) -> dict | None:
    """The newest feedback the actor received, through the coaching firewall (the
    recipient is a party, so nothing is audited)."""
    found = (
        feedback_list_for_actor(actor=actor)
        .filter(recipient=actor)
        .prefetch_related(None)
        .order_by("-created_at", "-id")
        .first()
    )
    if found is None:
        return None
    return {
        "id": found.pk,
        "author": {"id": found.author.pk, "full_name": found.author.full_name},
        "created_at": found.created_at,
        "strengths": found.strengths,
        "next_steps": found.next_steps,
        "acknowledged": found.acknowledged_at is not None,
        "url": reverse("coaching:feedback-detail", args=[found.pk]),
    }


def _submissions_pending(actor) -> list[Submission]:
    """Open attempts (in progress, submitted, in review) and, where the latest attempt at
    a micro-credential was "not yet" and the district's attempt limit is not reached, that
    attempt (to revise): one query."""
    same_lineage = Submission.objects.filter(
        person_id=OuterRef("person_id"), micro_credential__lineage=OuterRef("micro_credential__lineage")
    )
    attempts_used = same_lineage.order_by().values("person_id").annotate(n=Count("pk")).values("n")
    limit_field = DistrictPolicy._meta.get_field("credential_max_attempts")
    limit = Coalesce(
        Subquery(DistrictPolicy.objects.filter(pk=1).values("credential_max_attempts")[:1]),
        Value(limit_field.default),
    )
    submissions = (
        Submission.objects.filter(person=actor)
        .select_related("micro_credential")
        .annotate(
            attempts_used=Subquery(attempts_used),
            attempt_limit=limit,
            superseded=Exists(same_lineage.filter(attempt__gt=OuterRef("attempt"))),
        )
        .filter(
            Q(status__in=OPEN_SUBMISSION_STATUSES)
            | Q(status=SubmissionStatus.NOT_YET, superseded=False, attempts_used__lt=F("attempt_limit"))
        )
        .order_by("-updated_at", "-id")
    )
    return list(submissions)


def _pending_work(submissions: list) -> list[dict]:  # annotated rows (attempts_used, ...)
    return [
        {
            "id": submission.pk,
            "micro_credential": {
                "id": submission.micro_credential_id,
                "title": submission.micro_credential.title,
            },
            "status": submission.status,
            "status_label": submission.get_status_display(),
            "attempt": submission.attempt,
            "attempts_left": max(submission.attempt_limit - submission.attempts_used, 0),
            "url": reverse("pathways:submission-edit", args=[submission.pk]),
        }
        for submission in submissions
    ]


def _next_steps(growth: dict) -> list[dict]:
    """What to do next, in words, most pressing first (no queries)."""
    steps = []
    check_in = growth["next_check_in"]
    if check_in:
        late = " (overdue)" if check_in["status"] == CheckInStatus.OVERDUE else ""
        steps.append(
            {
                "text": f"Answer your check-in due {date_format(check_in['due_on'], 'M j')}{late}",
                "url": check_in["url"],
            }
        )
    feedback = growth["latest_feedback"]
    if feedback and not feedback["acknowledged"]:
        steps.append(
            {
                "text": f"Read and acknowledge feedback from {feedback['author']['full_name']}",
                "url": feedback["url"],
            }
        )
    focus = growth["focus"]
    if focus["self_assessment"] is None:
        audience = "educator" if focus["audience"] == Audience.EDUCATORS else "leadership"
        steps.append(
            {
                "text": f"Rate yourself on the {audience} competencies to choose focus competencies",
                "url": reverse("assessments:self-assessment-list"),
            }
        )
    elif not focus["competencies"]:
        steps.append(
            {"text": "Choose focus competencies from your results", "url": focus["self_assessment"]["url"]}
        )
    for work in growth["pending_work"]:
        verb = "Revise" if work["status"] == SubmissionStatus.NOT_YET else "Continue"
        if work["status"] in (SubmissionStatus.IN_PROGRESS, SubmissionStatus.NOT_YET):
            steps.append(
                {
                    "text": f"{verb} your micro-credential {work['micro_credential']['title']}",
                    "url": work["url"],
                }
            )
            break
    for enrollment in growth["pathways"]:
        if enrollment["next_steps"]:
            step = enrollment["next_steps"][0]
            steps.append(
                {
                    "text": f"Next on {enrollment['pathway']['title']}: {step['title']}",
                    "url": enrollment["url"],
                }
            )
            break
    if not growth["goals"]:
        steps.append({"text": "Set a goal for this year", "url": reverse("coaching:goal-new")})
    return steps
