"""Who asks a school's staff, who closes a survey, who reads its report."""

from accounts.models import User
from assessments.models import PerceptionSurvey
from core.permissions import actor_roles, can
from core.roles import Role
from schools.models import Membership, School, Supervision


def may_ask_staff(*, actor: User) -> bool:
    """The actor leads a school, so the perception page offers to ask its staff."""
    return Role.SCHOOL_LEADER in actor_roles(actor)


def may_ask_staff_of(*, actor: User, school: School) -> bool:
    """The actor leads this school now."""
    return Membership.objects.current().filter(user=actor, school=school, role=Role.SCHOOL_LEADER).exists()


def may_close(*, actor: User, survey: PerceptionSurvey) -> bool:
    """Only the leader who asked closes the survey."""
    return survey.leader_id == actor.pk


def supervises_leader(*, actor: User, survey: PerceptionSurvey) -> bool:
    """The actor currently supervises the leader the survey is about."""
    return Supervision.objects.current().filter(supervisor=actor, supervisee=survey.leader_id).exists()


def may_see_report(*, actor: User, survey: PerceptionSurvey) -> bool:
    """The leader, those who see every report, and the leader's supervisors."""
    if survey.leader_id == actor.pk or can(actor, "perception.view_any"):
        return True
    return supervises_leader(actor=actor, survey=survey)
