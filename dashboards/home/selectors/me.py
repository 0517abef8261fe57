"""`my_dashboard(actor=...)`: everything the home page and `GET /api/v1/dashboards/me/`
show about the actor, section by section (the growth section is in `growth.py`)."""

from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import User
from assessments.models import Audience, SelfAssessment, SelfAssessmentStatus
from coaching.checkins.overdue import check_in_overdue_followed_by
from coaching.cycles.selectors.workspace import coach_work_due, feedback_awaiting_acknowledgement
from coaching.models import CoachingCycle, CycleStatus
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from dashboards.home.selectors.growth import my_growth
from schools.models import Membership, Supervision

OPEN_CYCLE_STAGES = (
    CycleStatus.PLANNING,
    CycleStatus.OBSERVING,
    CycleStatus.FEEDBACK,
    CycleStatus.REFLECTING,
)


def my_dashboard(*, actor: User) -> dict:
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
        "growth": my_growth(actor=actor, roles=roles) if roles else None,
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


# --- Coaching ----------------------------------------------------------------------------


def _coaching(actor, roles) -> dict | None:
    """The coach's workspace in figures (three COUNT queries) and the coaching work due
    first (coaching.cycles.selectors.workspace.coach_work_due, two more), for anyone who may lead
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
