"""Reads of goals, each scoped by the actor."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from assessments.models import AdoptionStatus, Item, ItemKind, SelfAssessment, SelfAssessmentStatus
from coaching.models import Goal, GoalKind, GoalStatus, ProgressUpdate
from coaching.relations import goals_coached_now
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import Scope, actor_roles, can, scope_for
from core.roles import Role
from schools.models import Membership, Supervision


def _member_school_ids(actor):
    return Membership.objects.current().filter(user=actor, school__isnull=False).values("school_id")


def goal_list_for_actor(*, actor) -> QuerySet[Goal]:
    """Your own goals; the goals (not drafts) of the people you currently supervise; the
    school goals of your schools (`goal.view_school`; every school for the central office),
    drafts only for those who may write them; the goals of non-closed cycles you coach;
    everything for `goal.view_any`."""
    if not getattr(actor, "is_authenticated", False):
        return Goal.objects.none()
    goals = Goal.objects.select_related("owner", "school")
    roles = actor_roles(actor)
    if can(actor, "goal.view_any"):
        return goals
    not_draft = ~Q(status=GoalStatus.DRAFT)
    visible = Q(owner=actor)
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    visible |= Q(owner__in=supervisees) & not_draft
    school_scope = scope_for(roles, "goal.view_school")
    if school_scope == Scope.DISTRICT:
        visible |= Q(kind=GoalKind.SCHOOL) & not_draft
    elif school_scope == Scope.SCHOOL:
        visible |= Q(kind=GoalKind.SCHOOL, school__in=_member_school_ids(actor)) & not_draft
    if scope_for(roles, "goal.school_manage") == Scope.SCHOOL:
        led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        visible |= Q(kind=GoalKind.SCHOOL, school__in=led)
    visible |= Q(pk__in=goals_coached_now(actor))
    return goals.filter(visible)


def goal_audit_listed(*, actor, goals) -> None:
    """A list that shows other people's personal goals writes one audit row for each."""
    others = [g for g in goals if g.kind == GoalKind.PERSONAL and g.owner_id != actor.pk]
    if others:
        audit_many(actor=actor, action="goal.listed", targets=others)


def goal_get_for_actor(*, actor, goal_id) -> Goal:
    """One goal; reading someone else's personal goal is written to the audit log."""
    goal = get_or_404(goal_list_for_actor(actor=actor), goal_id)
    if goal.kind == GoalKind.PERSONAL and goal.owner_id != actor.pk:
        audit(actor=actor, action="goal.read", target=goal, data={"owner": goal.owner_id})
    return goal


def with_latest_progress(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Each goal with the date of its latest progress update (`latest_progress_on`)."""
    latest = ProgressUpdate.objects.filter(goal=OuterRef("pk")).order_by("-recorded_on", "-id")
    return goals.annotate(latest_progress_on=Subquery(latest.values("recorded_on")[:1]))


def school_goal_list(*, actor, school) -> QuerySet[Goal]:
    """The school's goals the actor may see, soonest due first, with their latest progress."""
    goals = goal_list_for_actor(actor=actor).filter(kind=GoalKind.SCHOOL, school=school)
    return with_latest_progress(goals).order_by("due_on", "id")


def goal_awaiting_approval_for(*, actor) -> QuerySet[Goal]:
    """Goals of the people the actor currently supervises that wait for their approval."""
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    return (
        Goal.objects.select_related("owner", "school")
        .filter(owner__in=supervisees, status=GoalStatus.AWAITING_APPROVAL)
        .order_by("updated_at", "id")
    )


def goal_competency_choices(*, actor) -> QuerySet[Item]:
    """Live competencies of adopted frameworks, the focus competencies of the actor's
    latest submitted self-assessment first (`is_focus`)."""
    latest = (
        SelfAssessment.objects.filter(person=actor, status=SelfAssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-id")
        .values("pk")[:1]
    )
    focus = SelfAssessment.focus_competencies.through.objects.filter(
        selfassessment_id=Subquery(latest), item_id=OuterRef("pk")
    )
    return (
        Item.objects.filter(
            kind=ItemKind.COMPETENCY, is_retired=False, framework__adoption_status=AdoptionStatus.ADOPTED
        )
        .select_related("framework")
        .annotate(is_focus=Exists(focus))
        .order_by("-is_focus", "framework__title", "framework_id", "depth", "sequence", "id")
    )
