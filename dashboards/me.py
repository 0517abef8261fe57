"""The home page's reads: what a person needs about themselves, in one selector.

`my_dashboard(actor=...)` gathers the actor's own records only (nobody else's individual
data; the principal's school figures come from `dashboards.school`, in aggregate):

- `about`: current memberships, their schools, open supervision links (who the actor
  reports to and supervises), as the home page always showed.
- `growth` (anyone with a role): focus competencies of the latest submitted
  self-assessment, active personal goals with their health, the next check-in owed (the
  earliest due among open and overdue ones: both still wait for an answer), progress on
  active pathways, the top three recommendations, the latest feedback received (the
  recipient is a party, so the coaching firewall always shows it) and open
  micro-credential work, plus `next_steps` in words built from those.
- `coaching` (anyone who may lead coaching and either holds the coach role or coaches an
  open cycle): the coaching workspace in figures (the same definitions as
  `coaching.workspace.workspace_for`, counted in SQL instead of loaded).
- `leadership` (school leaders): their latest round on a leadership framework and the
  schools they lead (the page adds each school's summary from `dashboards.school`).
- `district` (central office and district administrators): where the district's
  dashboard, roadmap and leader pipeline are.

A fixed number of queries whatever the number of goals, check-ins, enrollments,
submissions or feedback: each list is one query, pathway progress four for any number of
enrollments, recommendations at most eleven (pathways.programs.recommendations). 24 for a teacher
with something in every section (tests/dashboards/test_me.py counts them).
"""

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format

from assessments.models import Audience, Item, SelfAssessment, SelfAssessmentStatus
from assessments.services import AUDIENCE_ROLES
from coaching.firewall import feedback_list_for_actor
from coaching.models import (
    CheckIn,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalKind,
    GoalStatus,
)
from coaching.overdue import check_in_overdue_followed_by
from coaching.workspace import coach_work_due, feedback_awaiting_acknowledgement
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from pathways.models import (
    OPEN_SUBMISSION_STATUSES,
    Enrollment,
    EnrollmentStatus,
    StepKind,
    Submission,
    SubmissionStatus,
)
from pathways.programs.progress import progress_for
from pathways.programs.recommendations import recommendations_for
from schools.models import DistrictPolicy, Membership, Supervision

TOP_RECOMMENDATIONS = 3
NEXT_STEPS_PER_PATHWAY = 3
OPEN_CYCLE_STAGES = (
    CycleStatus.PLANNING,
    CycleStatus.OBSERVING,
    CycleStatus.FEEDBACK,
    CycleStatus.REFLECTING,
)
OWED_CHECK_IN_STATUSES = (CheckInStatus.OPEN, CheckInStatus.OVERDUE)


def my_dashboard(*, actor) -> dict:
    """Everything the home page and `GET /api/v1/dashboards/me/` show about the actor."""
    roles = actor_roles(actor)
    memberships = list(
        Membership.objects.current()
        .filter(user=actor)
        .select_related("school")
        .order_by("role", "school__name", "id")
    )
    return {
        "person": {"id": actor.pk, "first_name": actor.first_name, "full_name": actor.full_name},
        "roles": [{"code": role.value, "label": role.label} for role in Role if role in roles],
        "about": _about(actor, memberships),
        "growth": _growth(actor, roles) if roles else None,
        "coaching": _coaching(actor, roles),
        "leadership": _leadership(actor, memberships) if Role.SCHOOL_LEADER in roles else None,
        "district": _district() if roles & {Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN} else None,
    }


# --- About you ---------------------------------------------------------------------------


def _person(user) -> dict:
    return {"id": user.pk, "full_name": user.full_name}


def _about(actor, memberships) -> dict:
    """Current memberships (read by the caller) and open supervision links either way
    (one query)."""
    supervisions = list(
        Supervision.objects.open()
        .filter(Q(supervisor=actor) | Q(supervisee=actor))
        .select_related("supervisor", "supervisee")
        .order_by("supervisor__last_name", "supervisee__last_name", "id")
    )
    schools = {}
    for membership in memberships:
        if membership.school_id:
            schools[membership.school_id] = _school(membership.school)
    return {
        "memberships": [
            {
                "id": m.pk,
                "role": m.role,
                "role_label": m.get_role_display(),
                "school": _school(m.school) if m.school_id else None,
                "position": m.position,
                "start_date": m.start_date,
            }
            for m in memberships
        ],
        "schools": sorted(schools.values(), key=lambda s: (s["name"].casefold(), s["id"])),
        "supervisors": [_person(s.supervisor) for s in supervisions if s.supervisee_id == actor.pk],
        "supervisees": [_person(s.supervisee) for s in supervisions if s.supervisor_id == actor.pk],
    }


def _school(school) -> dict:
    return {
        "id": school.pk,
        "name": school.name,
        "code": school.code,
        "grade_band_label": school.get_grade_band_display(),
        "stage_label": school.get_stage_display(),
    }


# --- Your growth -------------------------------------------------------------------------


def _growth(actor, roles) -> dict:
    growth = {
        "focus": _focus(actor, roles),
        "goals": _goals(actor),
        "next_check_in": _next_check_in(actor),
        "pathways": _pathways(actor),
        "recommendations": _recommendations(actor),
        "latest_feedback": _latest_feedback(actor),
        "pending_work": _pending_work(actor),
    }
    growth["next_steps"] = _next_steps(growth)
    return growth


def _audience(roles) -> str:
    """The audience of the frameworks the person rates themselves on: educators for
    teachers and coaches, leaders otherwise."""
    return Audience.EDUCATORS if AUDIENCE_ROLES[Audience.EDUCATORS] & roles else Audience.LEADERS


def _competency(item) -> dict:
    return {"id": item.pk, "code": item.code, "title": item.title or item.statement}


def _focus(actor, roles) -> dict:
    """The latest submitted self-assessment (one query) and its focus competencies (one
    query, run whether or not there is one)."""
    submitted = SelfAssessment.objects.filter(person=actor, status=SelfAssessmentStatus.SUBMITTED).order_by(
        "-submitted_at", "-id"
    )
    latest = submitted.select_related("framework").first()
    competencies = Item.objects.filter(focused_in=Subquery(submitted.values("pk")[:1])).order_by(
        "depth", "sequence", "id"
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
    if found.goal_id:
        subject = {"kind": "goal", "id": found.goal_id, "title": found.goal.statement}
    else:
        subject = {"kind": "cycle", "id": found.cycle_id, "title": found.cycle.title}
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


def _pathways(actor) -> list[dict]:
    """Active enrollments, latest first, with progress (one query plus four)."""
    enrollments = list(
        Enrollment.objects.filter(person=actor, status=EnrollmentStatus.ACTIVE)
        .select_related("pathway")
        .order_by("-enrolled_at", "-id")
    )
    progress = progress_for(enrollments)
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


def _recommendations(actor) -> list[dict]:
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
        for found in recommendations_for(actor, limit=TOP_RECOMMENDATIONS)
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
        "author": _person(found.author),
        "created_at": found.created_at,
        "strengths": found.strengths,
        "next_steps": found.next_steps,
        "acknowledged": found.acknowledged_at is not None,
        "url": reverse("coaching:feedback-detail", args=[found.pk]),
    }


def _pending_work(actor) -> list[dict]:
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


# --- Coaching ----------------------------------------------------------------------------


def _coaching(actor, roles) -> dict | None:
    """The coach's workspace in figures (three COUNT queries) and the coaching work due
    first (coaching.workspace.coach_work_due, two more), for anyone who may lead
    coaching; shown to coaches and to anyone coaching an open cycle."""
    if scope_for(roles, "coaching.lead") == Scope.NONE:
        return None
    open_cycles = CoachingCycle.objects.filter(coach=actor).exclude(status=CycleStatus.CLOSED)
    figures = open_cycles.aggregate(
        cycles=Count("pk"),
        coachees=Count("coachee", distinct=True),
        **{status.value: Count("pk", filter=Q(status=status)) for status in OPEN_CYCLE_STAGES},
    )
    if Role.COACH not in roles and not figures["cycles"]:
        return None
    missed = check_in_overdue_followed_by(actor=actor).count()  # as the workspace lists them
    unacknowledged = feedback_awaiting_acknowledgement(coach=actor).count()
    return {
        "coachees": figures["coachees"],
        "open_cycles": figures["cycles"],
        "stages": [
            {"status": status.value, "label": status.label, "count": figures[status.value]}
            for status in OPEN_CYCLE_STAGES
        ],
        "missed_check_ins": missed,
        "feedback_unacknowledged": unacknowledged,
        "workspace_url": reverse("coaching:workspace"),
        "work_due": coach_work_due(coach=actor),
    }


# --- Leadership --------------------------------------------------------------------------


def _leadership(actor, memberships) -> dict:
    """The principal's latest round on a leadership framework (one query) and the active
    schools they lead (from the memberships already read), each with its dashboard."""
    latest = (
        SelfAssessment.objects.filter(person=actor, framework__audience=Audience.LEADERS)
        .select_related("framework")
        .order_by("-started_at", "-id")
        .first()
    )
    self_assessment = None
    if latest is not None:
        submitted = latest.status == SelfAssessmentStatus.SUBMITTED
        page = "assessments:self-assessment-results" if submitted else "assessments:self-assessment-form"
        self_assessment = {
            "id": latest.pk,
            "framework": {"id": latest.framework_id, "title": latest.framework.title},
            "status": latest.status,
            "status_label": latest.get_status_display(),
            "started_at": latest.started_at,
            "submitted_at": latest.submitted_at,
            "url": reverse(page, args=[latest.pk]),
        }
    led = {}
    for membership in memberships:
        if membership.role == Role.SCHOOL_LEADER and membership.school.is_active:
            led[membership.school_id] = {
                **_school(membership.school),
                "url": reverse("dashboards:school", args=[membership.school_id]),
            }
    return {
        "self_assessment": self_assessment,
        "start_url": reverse("assessments:self-assessment-list"),
        "schools": sorted(led.values(), key=lambda s: (s["name"].casefold(), s["id"])),
    }


# --- District ----------------------------------------------------------------------------


def _district() -> dict:
    return {
        "dashboard_url": reverse("dashboards:district"),
        "roadmap_url": reverse("schools:roadmap"),
        "pipeline_url": reverse("pathways:pipeline"),
    }
