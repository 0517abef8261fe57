"""Reads of goals, each scoped by the actor."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from assessments.models import AdoptionStatus, Item, ItemKind, SelfAssessment, SelfAssessmentStatus
from coaching.models import Goal, GoalKind, GoalStatus, Milestone, ProgressUpdate
from coaching.relations import goals_coached_now
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import Scope, actor_roles, can, scope_for
from core.roles import Role
from schools.models import Membership, School, Supervision
from schools.selectors import member_school_ids


def goal_list_for_actor(*, actor: User) -> QuerySet[Goal]:
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
        visible |= Q(kind=GoalKind.SCHOOL, school__in=member_school_ids(actor=actor)) & not_draft
    if scope_for(roles, "goal.school_manage") == Scope.SCHOOL:
        led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        visible |= Q(kind=GoalKind.SCHOOL, school__in=led)
    visible |= Q(pk__in=goals_coached_now(actor))
    return goals.filter(visible)


def goal_api_list_for_actor(*, actor: User) -> QuerySet[Goal]:
    """`goal_list_for_actor` as the API lists it: with the competencies, soonest due first."""
    return goal_list_for_actor(actor=actor).prefetch_related("competencies").order_by("due_on", "id")


def goal_audit_listed(*, actor: User, goals: Iterable[Goal]) -> None:
    """A list that shows other people's personal goals writes one audit row for each."""
    others = [g for g in goals if g.kind == GoalKind.PERSONAL and g.owner_id != actor.pk]
    if others:
        audit_many(actor=actor, action="goal.listed", targets=others)


def goal_get_for_actor(*, actor: User, goal_id: int | str) -> Goal:
    """One goal; reading someone else's personal goal is written to the audit log."""
    goal = get_or_404(goal_list_for_actor(actor=actor), goal_id)
    if goal.kind == GoalKind.PERSONAL and goal.owner_id != actor.pk:
        audit(actor=actor, action="goal.read", target=goal, data={"owner": goal.owner_id})
    return goal


def with_latest_progress(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Each goal with the date of its latest progress update (`latest_progress_on`)."""
    latest = ProgressUpdate.objects.filter(goal=OuterRef("pk")).order_by("-recorded_on", "-id")
    return goals.annotate(latest_progress_on=Subquery(latest.values("recorded_on")[:1]))


def school_goal_list(*, actor: User, school: School) -> QuerySet[Goal]:
    """The school's goals the actor may see, soonest due first, with their latest progress."""
    goals = goal_list_for_actor(actor=actor).filter(kind=GoalKind.SCHOOL, school=school)
    return with_latest_progress(goals).order_by("due_on", "id")


def goal_awaiting_approval_for(*, actor: User) -> QuerySet[Goal]:
    """Goals of the people the actor currently supervises that wait for their approval."""
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    return (
        Goal.objects.select_related("owner", "school")
        .filter(owner__in=supervisees, status=GoalStatus.AWAITING_APPROVAL)
        .order_by("updated_at", "id")
    )


def goal_competency_choices(*, actor: User) -> QuerySet[Item]:
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


def goal_list_owned(*, actor: User) -> QuerySet[Goal]:
    """The actor's own goals, soonest due first, with their latest progress."""
    return with_latest_progress(goal_list_for_actor(actor=actor).filter(owner=actor)).order_by("due_on", "id")


def goal_school_list_for_actor(*, actor: User) -> QuerySet[School]:
    """The schools whose goals My goals links to: the actor's own schools, for whoever
    reads school goals at school scope or wider (`goal.view_school`), by name."""
    if scope_for(actor_roles(actor), "goal.view_school") < Scope.SCHOOL:
        return School.objects.none()
    return School.objects.filter(pk__in=member_school_ids(actor=actor)).order_by("name")


def goal_page_get_for_actor(*, actor: User, goal_id: int | str) -> Goal:
    """One goal (`goal_get_for_actor`, audited as it says) with what its page shows: the
    owner, school and approver, the competencies with their frameworks, the milestones by
    due date and the progress updates."""
    goal = goal_get_for_actor(actor=actor, goal_id=goal_id)
    return (
        Goal.objects.select_related("owner", "school", "approved_by")
        .prefetch_related(
            Prefetch("competencies", queryset=Item.objects.select_related("framework")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
            "progress_updates",
        )
        .get(pk=goal.pk)
    )


def goal_page_parts(*, goal: Goal) -> dict:
    """The prefetched parts of a goal read by `goal_page_get_for_actor`, as lists:
    `progress` (oldest first), `milestones` and `competencies`. No query."""
    return {
        "progress": sorted(goal.progress_updates.all(), key=lambda p: (p.recorded_on, p.pk)),
        "milestones": list(goal.milestones.all()),
        "competencies": list(goal.competencies.all()),
    }


def goal_detail(*, goal: Goal) -> Goal:
    """A goal already in hand (read through `goal_get_for_actor`, or just written by a
    service) read again with its owner, school, competencies, milestones and its progress
    oldest first: the API's answer about one goal."""
    return (
        Goal.objects.select_related("owner", "school")
        .prefetch_related(
            "competencies",
            "milestones",
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("recorded_on", "id")),
        )
        .get(pk=goal.pk)
    )


def goal_competency_ids(*, goal: Goal) -> list[int]:
    """The ids of the competencies a goal (already read for the actor) is linked to."""
    return list(goal.competencies.values_list("pk", flat=True))


def goal_progress_list(*, goal: Goal) -> QuerySet[ProgressUpdate]:
    """A goal's progress updates (the goal already read for the actor), oldest first."""
    return goal.progress_updates.order_by("recorded_on", "id")


def milestone_get_for_goal(*, goal: Goal, milestone_id: int | str) -> Milestone:
    """One milestone of a goal already read for the actor; another goal's is a 404."""
    return get_or_404(goal.milestones.all(), milestone_id)
