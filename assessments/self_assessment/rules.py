"""Who rates themselves on which framework, who changes a round, who sees the aggregate."""

from accounts.models import User
from assessments.models import Framework, SelfAssessment
from core.permissions import actor_roles, can
from core.roles import Role

AUDIENCE_ROLES = {
    "leaders": {Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN},
    "educators": {Role.TEACHER, Role.COACH},
}
NOT_THE_OWNER = "Only the person who owns a self-assessment can change it."
SUMMARY_REFUSAL = "Only the central office sees results across schools."


def audiences_of(*, actor: User) -> list[str]:
    """The audiences whose frameworks the actor rates themselves on."""
    roles = actor_roles(actor)
    return [audience for audience, allowed in AUDIENCE_ROLES.items() if allowed & roles]


def may_rate_on(*, actor: User, framework: Framework) -> bool:
    """The framework is meant for one of the actor's roles."""
    return bool(AUDIENCE_ROLES[framework.audience] & actor_roles(actor))


def may_change(*, actor: User, self_assessment: SelfAssessment) -> bool:
    """Only the owner rates, reflects, submits and chooses a focus."""
    return self_assessment.person_id == actor.pk


def may_see_summary(*, actor: User) -> bool:
    return can(actor, "self_assessment.aggregate")
