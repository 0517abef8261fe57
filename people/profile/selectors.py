"""The person page's one read: `person_profile_for_actor`."""

from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Case, Q, When

from accounts.models import User
from assessments.models import SelfAssessmentStatus
from assessments.self_assessment.selectors import self_assessment_list_for_actor
from coaching.checkins.selectors import check_in_list_for_actor
from coaching.cycles.selectors.common import audit_listed
from coaching.cycles.selectors.cycles import cycle_list_for_actor
from coaching.cycles.selectors.feedback import feedback_list_for_actor
from coaching.cycles.selectors.observations import observation_list_for_actor
from coaching.goals.selectors import goal_audit_listed, goal_list_for_actor
from coaching.models import CheckInStatus, GoalKind, GoalStatus
from core.audit import audit_many
from core.permissions import can
from pathways.credentials.selectors import credential_list_for_actor
from pathways.programs.progress import Progress, progress_for
from pathways.programs.selectors import enrollment_list_for_actor
from schools.selectors import membership_list_for_actor, person_get_for_actor, supervision_list_for_actor

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from pathways.models import Enrollment

ROWS = 20  # the latest rows of each part; the apps' own pages have the rest


class _EnrollmentProgress(TypedDict):
    progress: Progress | None  # set below, for the page and the API


def person_profile_for_actor(*, actor: User, person_id) -> dict:
    """One person as `actor` may see them (missing and invisible both 404); each part
    through its app's selector, reads of private records audited. A fixed number of
    queries whatever the person has."""
    person = person_get_for_actor(actor=actor, person_id=person_id)
    is_self = person.pk == actor.pk
    roles = list(membership_list_for_actor(actor=actor).current().filter(user=person))
    supervisions = list(
        supervision_list_for_actor(actor=actor).current().filter(Q(supervisor=person) | Q(supervisee=person))
    )
    goals = list(
        goal_list_for_actor(actor=actor)
        .filter(owner=person, kind=GoalKind.PERSONAL)
        .exclude(status=GoalStatus.DRAFT)
        .order_by(Case(When(status=GoalStatus.ACTIVE, then=0), default=1), "due_on", "id")[:ROWS]
    )
    self_assessments = list(
        self_assessment_list_for_actor(actor=actor)
        .filter(person=person, status=SelfAssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-id")[:ROWS]
    )
    check_ins = list(
        check_in_list_for_actor(actor=actor).filter(owner=person).order_by("-due_on", "-id")[:ROWS]
    )
    cycles = list(
        cycle_list_for_actor(actor=actor).filter(coachee=person).order_by("-starts_on", "-id")[:ROWS]
    )
    observations = list(
        observation_list_for_actor(actor=actor).filter(observed=person).order_by("-observed_on", "-id")[:ROWS]
    )
    feedback = list(
        feedback_list_for_actor(actor=actor).filter(recipient=person).order_by("-created_at", "-id")[:ROWS]
    )
    credentials = list(credential_list_for_actor(actor=actor).filter(person=person)[:ROWS])
    enrollments = cast(
        "list[WithAnnotations[Enrollment, _EnrollmentProgress]]",
        list(enrollment_list_for_actor(actor=actor).filter(person=person)[:ROWS]),
    )
    progress = progress_for(enrollments) if enrollments else {}
    for enrollment in enrollments:
        enrollment.progress = progress.get(enrollment.pk)

    if not is_self:
        goal_audit_listed(actor=actor, goals=goals)
        if self_assessments:
            audit_many(actor=actor, action="self_assessment.listed", targets=self_assessments)
        if check_ins:
            audit_many(
                actor=actor, action="check_in.listed", targets=check_ins, data={"person_page": person.pk}
            )
        audit_listed(actor=actor, records=[*cycles, *observations, *feedback])
    return {
        "person": person,
        "is_self": is_self,
        "may_manage": can(actor, "person.manage"),
        "roles": roles,
        "supervisors": [s.supervisor for s in supervisions if s.supervisee_id == person.pk],
        "supervisees": [s.supervisee for s in supervisions if s.supervisor_id == person.pk],
        "goals": goals,
        "self_assessments": self_assessments,
        "check_ins": check_ins,
        "overdue_check_ins": [c for c in check_ins if c.status == CheckInStatus.OVERDUE],
        "cycles": cycles,
        "observations": observations,
        "feedback": feedback,
        "credentials": credentials,
        "enrollments": enrollments,
    }
